package neo4j

import (
	"encoding/json"

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
// votes_max, arrangement, start, end, source, record.
func holdingOf(v []any) graph.Holding {
	return graph.Holding{Owner: str(v[0]), Owned: str(v[1]),
		Share:       graph.Range{Lo: graph.Pct(asInt(v[2])), Hi: graph.Pct(asInt(v[3]))},
		Votes:       graph.Range{Lo: graph.Pct(asInt(v[4])), Hi: graph.Pct(asInt(v[5]))},
		Arrangement: str(v[6]), Span: graph.Span{Start: graph.Date(str(v[7])), End: graph.Date(str(v[8]))},
		Provenance: prov(v[9], v[10])}
}

// controlOf decodes controller, controlled, basis, start, end, source, record.
func controlOf(v []any) graph.Control {
	return graph.Control{Controller: str(v[0]), Controlled: str(v[1]), Basis: graph.Basis(str(v[2])),
		Span: graph.Span{Start: graph.Date(str(v[3])), End: graph.Date(str(v[4]))}, Provenance: prov(v[5], v[6])}
}

// sameAsOf decodes a, b, method, score, source, record.
func sameAsOf(v []any) graph.SameAs {
	score, _ := v[3].(float64)
	return graph.SameAs{A: str(v[0]), B: str(v[1]), Method: str(v[2]), Score: score, Provenance: prov(v[4], v[5])}
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
