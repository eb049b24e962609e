package neo4j

import (
	"encoding/json"
	"fmt"

	"github.com/ownex/ownex/graph"
)

func str(v any) string {
	s, _ := v.(string)
	return s
}

func asInt(v any) int64 {
	n, _ := v.(int64)
	return n
}

func strs(v any) []string {
	xs, _ := v.([]any)
	if len(xs) == 0 {
		return nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = str(x)
	}
	return out
}

func prov(source, record any) graph.Provenance {
	return graph.Provenance{Source: str(source), Record: str(record)}
}

// entityOf decodes id, name, kind, countries, source, record.
func entityOf(v []any) graph.Entity {
	return graph.Entity{ID: str(v[0]), Name: str(v[1]), Kind: graph.Kind(str(v[2])), Countries: strs(v[3]), Provenance: prov(v[4], v[5])}
}

// designationOf decodes entity, regime, program, listed, delisted, source, record.
func designationOf(v []any) graph.Designation {
	return graph.Designation{Entity: str(v[0]), Regime: graph.Regime(str(v[1])), Program: str(v[2]),
		Listed: graph.Date(str(v[3])), Delisted: graph.Date(str(v[4])), Provenance: prov(v[5], v[6])}
}

// holdingOf decodes owner, owned, share_min, share_max, votes_min,
// votes_max, arrangement, start, end, source, record, share_open,
// votes_open (holdingCols).
func holdingOf(v []any) graph.Holding {
	return graph.Holding{Owner: str(v[0]), Owned: str(v[1]),
		Share:       withOpen(graph.Range{Lo: graph.Pct(asInt(v[2])), Hi: graph.Pct(asInt(v[3]))}, asInt(v[11])),
		Votes:       withOpen(graph.Range{Lo: graph.Pct(asInt(v[4])), Hi: graph.Pct(asInt(v[5]))}, asInt(v[12])),
		Arrangement: str(v[6]), Span: graph.Span{Start: graph.Date(str(v[7])), End: graph.Date(str(v[8]))},
		Provenance: prov(v[9], v[10])}
}

// Bits of the share_open and votes_open properties: which bounds of the
// range are open. A missing property (a relationship written by an older
// ownex) reads as 0, a closed range.
const (
	openLo = 1
	openHi = 2
)

// openBits returns the share_open / votes_open value of r.
func openBits(r graph.Range) int64 {
	var b int64
	if r.LoOpen {
		b |= openLo
	}
	if r.HiOpen {
		b |= openHi
	}
	return b
}

// withOpen returns r with the openness of a share_open / votes_open value.
func withOpen(r graph.Range, b int64) graph.Range {
	r.LoOpen, r.HiOpen = b&openLo != 0, b&openHi != 0
	return r
}

// controlOf decodes controller, controlled, basis, start, end, source, record.
func controlOf(v []any) graph.Control {
	return graph.Control{Controller: str(v[0]), Controlled: str(v[1]), Basis: graph.Basis(str(v[2])),
		Span: graph.Span{Start: graph.Date(str(v[3])), End: graph.Date(str(v[4]))}, Provenance: prov(v[5], v[6])}
}

// sameAsCols are the columns sameAsOf decodes, of a link r from a to b.
const sameAsCols = `a.id, b.id, r.method, r.score, r.source, r.record, r.strength, r.evidence`

// sameAsOf decodes sameAsCols. A missing or unknown strength is an error
// naming the link.
func sameAsOf(v []any) (graph.SameAs, error) {
	score, _ := v[3].(float64)
	s := graph.SameAs{A: str(v[0]), B: str(v[1]), Method: str(v[2]), Score: score, Provenance: prov(v[4], v[5]),
		Strength: graph.LinkStrength(str(v[6])), Evidence: str(v[7])}
	if err := s.CheckStrength(); err != nil {
		return graph.SameAs{}, fmt.Errorf("stored %w", err)
	}
	return s, nil
}

// decodeContent fills e from the canonical content (graph.Entity.Content)
// stored on the node, keeping e's id and provenance.
func decodeContent(content string, e *graph.Entity) {
	var c graph.Entity
	if json.Unmarshal([]byte(content), &c) != nil {
		return
	}
	c.ID, c.Provenance = e.ID, e.Provenance
	*e = c
}
