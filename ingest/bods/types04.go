package bods

import (
	"bytes"
	"encoding/json"
)

// BODS 0.4 statements (statementId, recordId, recordType, recordStatus,
// recordDetails), as the 0.4 schema has them. They are decoded after
// validate04 accepted the statement.

type statement04 struct {
	StatementID   string          `json:"statementId"`
	RecordID      string          `json:"recordId"`
	RecordType    string          `json:"recordType"`
	RecordStatus  string          `json:"recordStatus"`
	StatementDate string          `json:"statementDate"`
	RecordDetails json.RawMessage `json:"recordDetails"`
	Publication   *publication    `json:"publicationDetails"`
}

type entity04 struct {
	partyFields
	entityFields
	EntityType struct {
		Type string `json:"type"`
	} `json:"entityType"`
	UnspecifiedEntityDetails *unspecifiedJSON `json:"unspecifiedEntityDetails"`
}

type person04 struct {
	partyFields
	personFields
	PersonType               string           `json:"personType"`
	UnspecifiedPersonDetails *unspecifiedJSON `json:"unspecifiedPersonDetails"`
	PlaceOfBirth             *addressJSON     `json:"placeOfBirth"`
	PoliticalExposure        *struct {
		Status  string `json:"status"`
		Details []struct {
			Reason string `json:"reason"`
		} `json:"details"`
	} `json:"politicalExposure"`
}

type relationship04 struct {
	Subject         party04        `json:"subject"`
	InterestedParty party04        `json:"interestedParty"`
	Interests       []interestJSON `json:"interests"`
}

// party04 is a relationship end: a recordId, or an unspecified record.
type party04 struct {
	RecordID    *string
	Unspecified *unspecifiedJSON
}

func (p *party04) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &p.RecordID)
	}
	return json.Unmarshal(b, &p.Unspecified)
}
