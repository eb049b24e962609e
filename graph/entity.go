package graph

// Kind is what sort of party an entity is.
type Kind string

// Entity kinds.
const (
	KindPerson       Kind = "person"
	KindCompany      Kind = "company"
	KindOrganization Kind = "organization"
	KindVessel       Kind = "vessel"
	KindAircraft     Kind = "aircraft"
	KindUnknown      Kind = "unknown"
)

// ParseKind maps a free-text kind to a Kind; ok is false for an unknown word.
// The empty string is KindUnknown.
func ParseKind(s string) (Kind, bool) {
	switch Kind(s) {
	case "":
		return KindUnknown, true
	case KindPerson, KindCompany, KindOrganization, KindVessel, KindAircraft, KindUnknown:
		return Kind(s), true
	case "individual":
		return KindPerson, true
	case "entity":
		return KindCompany, true
	}
	return "", false
}

// Provenance says where a fact came from: the source (a list, a register,
// a file) and the record within it (a row, a statement id, a list entry).
type Provenance struct {
	Source string `json:"source,omitempty"`
	Record string `json:"record,omitempty"`
}

// Identifier is a normalised identifier such as lei:5493001KJTIIGC8Y1R12.
type Identifier struct {
	Scheme  string `json:"scheme"`
	Value   string `json:"value"`
	Country string `json:"country,omitempty"`
}

// String returns "scheme:value".
func (i Identifier) String() string { return i.Scheme + ":" + i.Value }

// Entity is a party: a person, a company, a vessel... Its ID is
// "<source>:<native id>" and stable across loads.
type Entity struct {
	ID          string       `json:"id"`
	Kind        Kind         `json:"kind"`
	Name        string       `json:"name"`
	Aliases     []string     `json:"aliases,omitempty"`
	Identifiers []Identifier `json:"identifiers,omitempty"`
	Countries   []string     `json:"countries,omitempty"`
	// WeakAliases are low-quality names (OFAC "weak" a.k.a., UN "Low").
	WeakAliases []string  `json:"weak_aliases,omitempty"`
	Addresses   []Address `json:"addresses,omitempty"`
	Facts       []Fact    `json:"facts,omitempty"`
	Provenance
}
