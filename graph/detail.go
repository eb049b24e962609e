package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
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
	// SameAs are the entity's own same-as links, each with its Strength
	// and Evidence: strong ones, possible ones (candidates that never
	// merge) and rejections.
	SameAs []SameAs `json:"same_as"`
	// Party is the ids of the entity's party: the records joined to it
	// by strong links, transitively (PartyLinks, rejections applied),
	// in byte order, the entity's own id included (alone when it has no
	// strong link). See PartyOf.
	Party []string `json:"party"`
	// Names of the other entities mentioned above, by id.
	Names map[string]string `json:"names"`
}

// Detailer describes one entity fully (`ownex show`).
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

// EntityLister streams every entity record (names, aliases, identifiers,
// countries, facts such as dates of birth), ordered by ID, for entity
// resolution and screening.
type EntityLister interface {
	Entities(ctx context.Context, each func(Entity) error) error
}

// UpstreamDepther reads an upstream closure limited to depth levels
// (`ownex owners`, `ownex paths`, the change report's records of the
// entities a load wrote).
type UpstreamDepther interface {
	// UpstreamDepth returns what Reader.Upstream returns, limited to
	// depth levels of owners and controllers above ids (0: unlimited).
	UpstreamDepth(ctx context.Context, ids []string, depth int, asOf Date) (*Snapshot, error)
}

// Downstreamer reads what entities own and control (`ownex holdings`,
// `ownex paths`).
type Downstreamer interface {
	// Downstream returns the downstream closure of ids up to depth levels
	// (0: unlimited): the entities they own or control transitively, with
	// the holdings and control edges among them and the designations of
	// those entities, valid on asOf (all records if asOf is empty).
	Downstream(ctx context.Context, ids []string, depth int, asOf Date) (*Snapshot, error)
	// DownstreamIDs returns the ids of the whole downstream closure of
	// ids (through edges valid on asOf, all if asOf is empty), ids
	// included, in byte order, without reading its records (the change
	// report after a load needs no more). It may name ids that have no
	// entity record (the ends of relations only).
	DownstreamIDs(ctx context.Context, ids []string, asOf Date) ([]string, error)
}

// PartyOf returns the party of id (EntityDetail.Party): id and every
// record joined to it by strong links, transitively, in byte order. links
// returns every same-as link, of any strength, with an end in ids; PartyOf
// calls it level by level, once per id, and applies PartyLinks to the
// links of each record, so that a rejection of a pair drops the
// automatic links between the two as the engines drop them (a rejection
// is a link of both its ends, hence always among the links read).
func PartyOf(id string, links func(ids []string) ([]SameAs, error)) ([]string, error) {
	seen := map[string]bool{id: true}
	frontier := []string{id}
	for len(frontier) > 0 {
		ls, err := links(frontier)
		if err != nil {
			return nil, fmt.Errorf("party of %s: %w", id, err)
		}
		strong, _ := PartyLinks(ls)
		var next []string
		for _, l := range strong {
			for _, x := range [2]string{l.A, l.B} {
				if !seen[x] {
					seen[x] = true
					next = append(next, x)
				}
			}
		}
		frontier = next
	}
	party := make([]string, 0, len(seen))
	for x := range seen {
		party = append(party, x)
	}
	slices.Sort(party)
	return party, nil
}
