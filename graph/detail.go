package graph

import (
	"context"
	"encoding/json"
)

// EntityVersion is an earlier version of an entity's record, valid from
// ValidFrom (inclusive, empty: since always) to ValidTo (exclusive): a
// newer list version replaced its names, identifiers or other facts.
type EntityVersion struct {
	Entity
	ValidFrom Date `json:"valid_from,omitempty"`
	ValidTo   Date `json:"valid_to"`
}

// EntityDetail is everything a store knows about one entity, history
// included: designations with their listed and delisted dates, relations
// in both directions with their validity, and earlier versions of the
// record. Relations that ended are kept, so that a reader can show the
// state on any date.
type EntityDetail struct {
	Entity       Entity          `json:"entity"`
	Since        Date            `json:"since,omitempty"` // validity start of the current version
	Versions     []EntityVersion `json:"versions,omitempty"`
	Designations []Designation   `json:"designations"`
	HoldingsIn   []Holding       `json:"holdings_in"`  // who owns it
	HoldingsOut  []Holding       `json:"holdings_out"` // what it owns
	ControlsIn   []Control       `json:"controls_in"`
	ControlsOut  []Control       `json:"controls_out"`
	LinksOut     []Link          `json:"links_out"`
	LinksIn      []Link          `json:"links_in"`
	SameAs       []SameAs        `json:"same_as"`
	// Party lists the ids of the record's party: its cluster of records
	// joined by strong same-as links (RULES.md "Parties and links"),
	// sorted, the record itself included.
	Party []string `json:"party"`
	// Names of the other entities mentioned above, by id.
	Names map[string]string `json:"names"`
}

// Detailer is implemented by stores that can describe one entity fully
// (`ownex show`).
type Detailer interface {
	// Detail returns what is known about id, or an error wrapping
	// ErrNotFound. Lists are ordered deterministically (by key).
	Detail(ctx context.Context, id string) (EntityDetail, error)
}

// Content returns a canonical encoding of what an entity record says
// (everything but its provenance), so that stores can tell whether a newer
// list version changed the record and an earlier version must be kept.
func (e Entity) Content() string {
	c := e
	c.Provenance = Provenance{}
	b, err := json.Marshal(c)
	if err != nil { // cannot happen: Entity holds only strings and slices
		return e.ID
	}
	return string(b)
}

// EntityLister is implemented by stores that can stream every entity
// record (names, aliases, identifiers, countries), ordered by ID, for
// entity resolution and screening.
type EntityLister interface {
	Entities(ctx context.Context, each func(Entity) error) error
}

// Downstreamer is implemented by stores that can read what entities own
// and control (`ownex holdings`, `ownex paths`).
type Downstreamer interface {
	// Downstream returns the downstream closure of ids up to depth levels
	// (0: unlimited): the entities they own or control transitively, with
	// the holdings and control edges among them and the designations of
	// those entities, valid on asOf (all records if asOf is empty).
	Downstream(ctx context.Context, ids []string, depth int, asOf Date) (*Snapshot, error)
}
