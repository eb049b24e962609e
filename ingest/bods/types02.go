package bods

// BODS 0.2 and 0.3 statements (statementID, statementType): one shape
// for the three statement types, as the 0.2/0.3 schemas share their
// properties. They are decoded after validate02 accepted the statement.
type statement02 struct {
	StatementID        string       `json:"statementID"`
	StatementType      string       `json:"statementType"`
	StatementDate      string       `json:"statementDate"`
	ReplacesStatements []string     `json:"replacesStatements"`
	Publication        *publication `json:"publicationDetails"`

	partyFields
	// entityStatement
	entityFields
	EntityType                 *string           `json:"entityType"`
	IncorporatedInJurisdiction *jurisdictionJSON `json:"incorporatedInJurisdiction"`
	// personStatement
	personFields
	PersonType               *string          `json:"personType"`
	MissingInfoReason        string           `json:"missingInfoReason"`
	UnspecifiedPersonDetails *unspecifiedJSON `json:"unspecifiedPersonDetails"`
	PepStatusDetails         []struct {
		Reason string `json:"reason"`
	} `json:"pepStatusDetails"`
	// ownershipOrControlStatement
	Subject         *party02       `json:"subject"`
	InterestedParty *party02       `json:"interestedParty"`
	Interests       []interestJSON `json:"interests"`
}

// party02 is a relationship end: a statement, or unspecified.
type party02 struct {
	DescribedByEntityStatement string           `json:"describedByEntityStatement"`
	DescribedByPersonStatement string           `json:"describedByPersonStatement"`
	Unspecified                *unspecifiedJSON `json:"unspecified"`
}
