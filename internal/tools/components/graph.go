package main

import (
	"errors"
	"fmt"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/idtable"
)

// edge is a directed edge between two entity numbers.
type edge struct{ from, to int32 }

// Graph is an ownership graph reduced to what its component structure
// needs: entities numbered 0..n−1 in the order they are first seen, and
// holdings, control edges and designations as numbers. The zero value is
// not ready: use NewGraph.
type Graph struct {
	ids        []string
	table      idtable.Table
	holdings   []edge
	controls   []edge
	designated []int32 // an entity once per designation
	links      []graph.SameAs
}

// NewGraph returns an empty graph with room for about n entities.
func NewGraph(n int) *Graph { return &Graph{table: idtable.New(n)} }

// errEmptyID is the error of an entity or edge end without an id.
var errEmptyID = errors.New("empty entity id")

// node returns the number of id, numbering it if it is new.
func (g *Graph) node(id string) (int32, error) {
	if id == "" {
		return 0, errEmptyID
	}
	if v := g.table.Find(g.ids, id); v >= 0 {
		return v, nil
	}
	if len(g.ids) >= 1<<31-1 {
		return 0, fmt.Errorf("entity %q: more than %d entities", id, 1<<31-1)
	}
	g.ids = append(g.ids, id)
	return g.table.Insert(g.ids, int32(len(g.ids)-1)), nil
}

// AddEntity records an entity (an edge end is recorded by its edge).
func (g *Graph) AddEntity(id string) error {
	_, err := g.node(id)
	return err
}

// pair numbers the two ends of an edge.
func (g *Graph) pair(a, b string) (edge, error) {
	x, err := g.node(a)
	if err != nil {
		return edge{}, err
	}
	y, err := g.node(b)
	if err != nil {
		return edge{}, err
	}
	return edge{x, y}, nil
}

// AddHolding records that owner holds a stake in owned.
func (g *Graph) AddHolding(owner, owned string) error {
	e, err := g.pair(owner, owned)
	if err != nil {
		return fmt.Errorf("holding %q → %q: %w", owner, owned, err)
	}
	g.holdings = append(g.holdings, e)
	return nil
}

// AddControl records that controller controls controlled.
func (g *Graph) AddControl(controller, controlled string) error {
	e, err := g.pair(controller, controlled)
	if err != nil {
		return fmt.Errorf("control %q → %q: %w", controller, controlled, err)
	}
	g.controls = append(g.controls, e)
	return nil
}

// AddDesignation records a designation of entity, of any regime and date.
func (g *Graph) AddDesignation(entity string) error {
	v, err := g.node(entity)
	if err != nil {
		return fmt.Errorf("designation: %w", err)
	}
	g.designated = append(g.designated, v)
	return nil
}

// AddSameAs records a same-as link of any strength; Measure keeps those
// that graph.PartyLinks keeps, strong or possible.
func (g *Graph) AddSameAs(l graph.SameAs) { g.links = append(g.links, l) }

// partyLinks numbers the same-as links that graph.PartyLinks keeps: the
// strong ones, then the possible ones.
func (g *Graph) partyLinks() (strong, possible []edge, err error) {
	s, p := graph.PartyLinks(g.links)
	if strong, err = g.edges(s); err != nil {
		return nil, nil, err
	}
	if possible, err = g.edges(p); err != nil {
		return nil, nil, err
	}
	return strong, possible, nil
}

// edges numbers the ends of links.
func (g *Graph) edges(links []graph.SameAs) ([]edge, error) {
	out := make([]edge, 0, len(links))
	for _, l := range links {
		e, err := g.pair(l.A, l.B)
		if err != nil {
			return nil, fmt.Errorf("same-as %q ~ %q: %w", l.A, l.B, err)
		}
		out = append(out, e)
	}
	return out, nil
}
