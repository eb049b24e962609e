package queries

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
)

// Store is what the investigator queries need from a store (every
// graph.Store has it): Owners and Paths read the upstream closure only as
// deep as they need (graph.UpstreamDepther).
type Store interface {
	graph.Reader
	graph.Downstreamer
	graph.UpstreamDepther
}

// Party is an entity as the queries show it.
type Party struct {
	ID   string     `json:"id"`
	Name string     `json:"name"`
	Kind graph.Kind `json:"kind,omitempty"`
	// Level is the number of ownership or control steps from the subject
	// of the query (shortest), 0 for the subject itself.
	Level int `json:"level"`
}

// Relations of a Link.
const (
	RelOwns     = "owns"
	RelControls = "controls"
)

// Link is one holding or control edge of a closure, From owns or controls
// To.
type Link struct {
	// Level is the step at which the walk from the subject crossed the
	// link: 1 for the subject's direct owners (Owners) or direct holdings
	// (Holdings).
	Level    int          `json:"level"`
	Relation string       `json:"relation"` // owns or controls
	From     string       `json:"from"`
	FromName string       `json:"from_name"`
	To       string       `json:"to"`
	ToName   string       `json:"to_name"`
	Share    *graph.Range `json:"share,omitempty"` // owns
	Votes    *graph.Range `json:"votes,omitempty"` // owns
	Basis    graph.Basis  `json:"basis,omitempty"` // controls
	Start    graph.Date   `json:"start,omitempty"`
	End      graph.Date   `json:"end,omitempty"`
	graph.Provenance
}

// Closure is the answer of Owners and Holdings: the parties reached from
// the subject and the links walked.
type Closure struct {
	Subject Party      `json:"subject"`
	AsOf    graph.Date `json:"as_of,omitempty"`
	Depth   int        `json:"depth"` // 0: unlimited
	// Parties reached, the subject excluded, by level then ID.
	Parties []Party `json:"parties"`
	// Links walked, by level, then From, then To.
	Links []Link `json:"links"`
}

// Owners returns who owns or controls id, directly and indirectly, up to
// depth levels (0: unlimited), on asOf (every record if asOf is empty).
// An unknown id is an error wrapping graph.ErrNotFound.
func Owners(ctx context.Context, st Store, id string, depth int, asOf graph.Date) (Closure, error) {
	subject, err := entity(ctx, st, id)
	if err != nil {
		return Closure{}, err
	}
	if depth < 0 {
		return Closure{}, fmt.Errorf("owners of %q: negative depth %d", id, depth)
	}
	snap, err := st.UpstreamDepth(ctx, []string{id}, depth, asOf)
	if err != nil {
		return Closure{}, fmt.Errorf("owners of %q: %w", id, err)
	}
	return closureOf(snap, subject, depth, asOf, true), nil
}

// Holdings returns what id owns or controls, directly and indirectly, up
// to depth levels (0: unlimited), on asOf. An unknown id is an error
// wrapping graph.ErrNotFound.
func Holdings(ctx context.Context, st Store, id string, depth int, asOf graph.Date) (Closure, error) {
	subject, err := entity(ctx, st, id)
	if err != nil {
		return Closure{}, err
	}
	if depth < 0 {
		return Closure{}, fmt.Errorf("holdings of %q: negative depth %d", id, depth)
	}
	snap, err := st.Downstream(ctx, []string{id}, depth, asOf)
	if err != nil {
		return Closure{}, fmt.Errorf("holdings of %q: %w", id, err)
	}
	return closureOf(snap, subject, depth, asOf, false), nil
}

// entity reads the subject of a query.
func entity(ctx context.Context, st graph.Reader, id string) (Party, error) {
	e, err := st.Entity(ctx, id)
	if err != nil {
		return Party{}, err // wraps graph.ErrNotFound and names the entity
	}
	return Party{ID: e.ID, Name: e.Name, Kind: e.Kind}, nil
}

// edge is a holding or control edge of a snapshot, direction-neutral.
type edge struct {
	from, to string
	h        *graph.Holding
	c        *graph.Control
}

// inForce reports whether a relation's span covers asOf (always when
// asOf is empty: the store returned every record).
func inForce(s graph.Span, asOf graph.Date) bool { return asOf == "" || s.Covers(asOf) }

// closureOf walks snap breadth-first from the subject, towards owners when
// up is set, else towards holdings, up to depth levels, and lists the
// parties and the links crossed.
func closureOf(snap *graph.Snapshot, subject Party, depth int, asOf graph.Date, up bool) Closure {
	names := map[string]graph.Entity{}
	for _, e := range snap.Entities {
		names[e.ID] = e
	}
	adj := map[string][]edge{} // from the subject's side of each edge
	add := func(e edge) {
		k := e.from
		if up {
			k = e.to
		}
		adj[k] = append(adj[k], e)
	}
	for i := range snap.Holdings {
		if h := &snap.Holdings[i]; inForce(h.Span, asOf) {
			add(edge{from: h.Owner, to: h.Owned, h: h})
		}
	}
	for i := range snap.Controls {
		if c := &snap.Controls[i]; inForce(c.Span, asOf) {
			add(edge{from: c.Controller, to: c.Controlled, c: c})
		}
	}
	level := map[string]int{subject.ID: 0}
	queue := []string{subject.ID}
	res := Closure{Subject: subject, AsOf: asOf, Depth: depth, Parties: []Party{}, Links: []Link{}}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		lv := level[v]
		if depth > 0 && lv >= depth {
			continue
		}
		for _, e := range adj[v] {
			far := e.to
			if up {
				far = e.from
			}
			if _, seen := level[far]; !seen {
				level[far] = lv + 1
				queue = append(queue, far)
				res.Parties = append(res.Parties, party(names, far, lv+1))
			}
			res.Links = append(res.Links, linkOf(e, lv+1, names))
		}
	}
	slices.SortFunc(res.Parties, func(a, b Party) int {
		return cmp.Or(cmp.Compare(a.Level, b.Level), strings.Compare(a.ID, b.ID))
	})
	slices.SortStableFunc(res.Links, func(a, b Link) int {
		return cmp.Or(cmp.Compare(a.Level, b.Level), strings.Compare(a.From, b.From), strings.Compare(a.To, b.To),
			strings.Compare(a.Relation, b.Relation))
	})
	return res
}

func party(names map[string]graph.Entity, id string, level int) Party {
	p := Party{ID: id, Name: id, Level: level}
	if e, ok := names[id]; ok {
		p.Name, p.Kind = e.Name, e.Kind
	}
	return p
}

func name(names map[string]graph.Entity, id string) string {
	if e, ok := names[id]; ok && e.Name != "" {
		return e.Name
	}
	return id
}

func linkOf(e edge, level int, names map[string]graph.Entity) Link {
	l := Link{Level: level, From: e.from, FromName: name(names, e.from), To: e.to, ToName: name(names, e.to)}
	if e.h != nil {
		sh, vt := e.h.Share, e.h.Votes
		l.Relation, l.Share, l.Votes = RelOwns, &sh, &vt
		l.Start, l.End, l.Provenance = e.h.Start, e.h.End, e.h.Provenance
	} else {
		l.Relation, l.Basis = RelControls, e.c.Basis
		l.Start, l.End, l.Provenance = e.c.Start, e.c.End, e.c.Provenance
	}
	return l
}
