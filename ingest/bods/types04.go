package bods

import (
	"bytes"
	"encoding/json"
)

// BODS 0.4 statements (statementId, recordId, recordType, recordStatus,
// recordDetails), as the 0.4 schema has them. They are decoded after
// validate04 accepted the statement, in one pass: details04 holds the
// recordDetails properties of the three record types (entity, person,
// relationship), whose names do not collide, and recordType says which
// of them the conversion reads.

type statement04 struct {
	StatementID   string    `json:"statementId"`
	RecordID      string    `json:"recordId"`
	RecordType    string    `json:"recordType"`
	RecordStatus  string    `json:"recordStatus"`
	StatementDate string    `json:"statementDate"`
	RecordDetails details04 `json:"recordDetails"`
}

type details04 struct {
	partyFields // entity, person

	// entity
	entityFields
	EntityType struct {
		Type string `json:"type"`
	} `json:"entityType"`
	UnspecifiedEntityDetails *unspecifiedJSON `json:"unspecifiedEntityDetails"`

	// person
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

	// relationship
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
