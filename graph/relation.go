package graph

// Regime names a sanctions regime or list.
type Regime string

// Regimes. The engines decide ofac, uk and eu; un designations seed both uk
// and eu (RULES.md section 2, "Seeds").
const (
	RegimeOFAC Regime = "ofac"
	RegimeUK   Regime = "uk"
	RegimeEU   Regime = "eu"
	RegimeUN   Regime = "un"
)

// Engines lists the regimes that have an exposure engine, in output order.
var Engines = []Regime{RegimeOFAC, RegimeUK, RegimeEU}

// Seeds returns the designation regimes that seed engine regime r.
func Seeds(r Regime) []Regime {
	switch r {
	case RegimeUK:
		return []Regime{RegimeUK, RegimeUN}
	case RegimeEU:
		return []Regime{RegimeEU, RegimeUN}
	default:
		return []Regime{r}
	}
}

// Designation is a listing of an entity under a regime and program, valid
// from Listed (inclusive) to Delisted (exclusive).
type Designation struct {
	Entity   string `json:"entity"`
	Regime   Regime `json:"regime"`
	Program  string `json:"program,omitempty"`
	Listed   Date   `json:"listed,omitempty"`
	Delisted Date   `json:"delisted,omitempty"`
	Provenance
}

// ActiveOn reports whether d is designated on date d: listed <= d < delisted.
func (d Designation) ActiveOn(day Date) bool {
	return Span{Start: d.Listed, End: d.Delisted}.Covers(day)
}

// Holding is an ownership edge: Owner holds Share of Owned's shares and
// Votes of its voting rights. Holdings on one owned entity that share a
// non-empty Arrangement form a joint arrangement (UK Sanctions regulations,
// Schedule 1).
type Holding struct {
	Owner       string `json:"owner"`
	Owned       string `json:"owned"`
	Share       Range  `json:"share"`
	Votes       Range  `json:"votes"`
	Arrangement string `json:"arrangement,omitempty"`
	// Ref is the source's own stable id for this holding (an FtM
	// Ownership id, a BODS statement, a PSC entry), when it has one. It
	// then identifies the holding for upserts, so that successive stakes
	// of one owner (50 % until March, 48 % until December...) stay apart.
	Ref string `json:"ref,omitempty"`
	// Nth tells apart the records of one source that state the same owner,
	// owned entity, arrangement and start date in one file (two share
	// classes, or a row given twice): 0 or 1 for the first, 2, 3... for the
	// next. It is part of Key, so that each such record is kept (RULES.md
	// "Reports of one stake": they add up, exact duplicates once) while the
	// first keeps the key it always had. A file without a record id sets it
	// by counting (ingest/csv).
	Nth int `json:"nth,omitempty"`
	Span
	Provenance
}

// Basis is the legal ground of a control edge.
type Basis string

// Control bases (DESIGN.md, domain model).
const (
	BasisBoardAppointment  Basis = "board-appointment"
	BasisVotingAgreement   Basis = "voting-agreement"
	BasisDominantInfluence Basis = "dominant-influence"
	BasisDeFacto           Basis = "de-facto"
	BasisDirector          Basis = "director"
	BasisPoliticalOffice   Basis = "political-office"
	BasisOther             Basis = "other"
)

// ParseBasis checks that s is a known basis.
func ParseBasis(s string) (Basis, bool) {
	switch b := Basis(s); b {
	case BasisBoardAppointment, BasisVotingAgreement, BasisDominantInfluence, BasisDeFacto,
		BasisDirector, BasisPoliticalOffice, BasisOther:
		return b, true
	}
	return "", false
}

// Control is a control edge without (or beside) ownership.
type Control struct {
	Controller string `json:"controller"`
	Controlled string `json:"controlled"`
	Basis      Basis  `json:"basis"`
	// Ref is the source's own stable id for this edge, as for Holding.
	Ref string `json:"ref,omitempty"`
	Span
	Provenance
}

// SameAs says that two entity IDs are, or may be, the same real-world
// party (RULES.md section 2, "Parties and links"). Only a strong link
// joins two records into one party; a possible link only flags; a
// rejected link records a person's decision that the two are different
// parties (party.go).
type SameAs struct {
	A      string  `json:"a"`
	B      string  `json:"b"`
	Method string  `json:"method"`
	Score  float64 `json:"score"`
	// Strength is StrengthStrong, StrengthPossible or StrengthRejected;
	// it is required (stores refuse a link without one).
	Strength LinkStrength `json:"strength"`
	// Evidence says why the link was made: the identifier shared, the
	// names matched and the attribute that corroborated them, or who
	// decided and when.
	Evidence string `json:"evidence,omitempty"`
	Provenance
}
