package graph

import "strings"

// Address is a postal address as published. Text holds the whole address
// when the source does not split it into parts.
type Address struct {
	Text    string `json:"text,omitempty"`
	Street  string `json:"street,omitempty"`
	City    string `json:"city,omitempty"`
	Region  string `json:"region,omitempty"`
	Postal  string `json:"postal,omitempty"`
	Country string `json:"country,omitempty"`
}

// String joins the non-empty parts of a.
func (a Address) String() string {
	if a.Text != "" && a.Street == "" && a.City == "" {
		if a.Country != "" && !strings.Contains(a.Text, a.Country) {
			return a.Text + ", " + a.Country
		}
		return a.Text
	}
	var parts []string
	for _, p := range []string{a.Text, a.Street, a.City, a.Region, a.Postal, a.Country} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// Fact is one more thing a source says about an entity, kept as published:
// Type is one of the Fact* constants (or another lower-case word), Value
// the text, e.g. {birth-date, 1972-10-12}, {birth-date, circa 1955}.
type Fact struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Fact types used by the ingesters.
const (
	FactBirthDate         = "birth-date"
	FactBirthPlace        = "birth-place"
	FactEstablishmentDate = "establishment-date"
	FactNationality       = "nationality"
	FactCitizenship       = "citizenship"
	FactGender            = "gender"
	FactTitle             = "title"
	FactPosition          = "position"
	FactWebsite           = "website"
	FactEmail             = "email"
	FactPhone             = "phone"
	FactVesselFlag        = "vessel-flag"
	FactVesselType        = "vessel-type"
	FactCallSign          = "call-sign"
	FactTonnage           = "tonnage"
	FactAircraftModel     = "aircraft-model"
	FactRemark            = "remark"
	FactListType          = "list-type"
	FactReference         = "reference"
)

// LinkType names a relation that is shown to investigators but never
// changes a verdict.
type LinkType string

// Link types.
const (
	LinkLinkedTo      LinkType = "linked-to"      // OFAC "Linked To: NAME"
	LinkAssociateOf   LinkType = "associate-of"   // symmetric association
	LinkActingFor     LinkType = "acting-for"     // acting for or on behalf of
	LinkSupports      LinkType = "supports"       // providing support to
	LinkFamily        LinkType = "family"         // family member of
	LinkLeaderOf      LinkType = "leader-of"      // leader, official or executive of
	LinkMemberOf      LinkType = "member-of"      // playing a significant role in
	LinkReferenceOf   LinkType = "same-reference" // a record citing another list's reference number
	LinkUltimateOwner LinkType = "ultimately-consolidated-by"
	LinkFundManagedBy LinkType = "fund-managed-by"
	LinkOther         LinkType = "other"
)

// Link is a relation between two entities that is not ownership or
// control. To is empty when the target could not be resolved to a record;
// ToName then keeps the published text.
type Link struct {
	From   string   `json:"from"`
	To     string   `json:"to,omitempty"`
	ToName string   `json:"to_name,omitempty"`
	Type   LinkType `json:"type"`
	Span
	Provenance
}

// Key identifies a link for idempotent upserts.
func (l Link) Key() string {
	target := l.To
	if target == "" {
		target = "name:" + l.ToName
	}
	return joinKey(l.Source, l.From, string(l.Type), target)
}
