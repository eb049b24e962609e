package queries

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// LookThroughOwner is one upstream party's look-through (integrated)
// share of the subject, in percent (docs/LOOKTHROUGH.md).
type LookThroughOwner struct {
	Party
	// ShareMin and ShareMax are computed from the lower and the (capped)
	// upper bounds of every holding. ShareMax is +Inf (JSON: null, with
	// "unbounded": true) when a cross-holding group on the way may hold
	// itself entirely, so that the sum over paths diverges.
	ShareMin float64 `json:"share_min"`
	ShareMax float64 `json:"share_max"`
	// Party.Level is the fewest holdings from the party to the subject.
	// DirectMin and DirectMax are the party's direct share in the subject.
	DirectMin float64 `json:"direct_min"`
	DirectMax float64 `json:"direct_max"`
	// Ultimate is set for parties nobody holds shares in.
	Ultimate bool `json:"ultimate"`
}

// Unbounded reports whether the upper look-through share diverges.
func (o LookThroughOwner) Unbounded() bool { return math.IsInf(o.ShareMax, 1) }

// MarshalJSON writes an unbounded share as null and sets "unbounded".
func (o LookThroughOwner) MarshalJSON() ([]byte, error) {
	type plain LookThroughOwner
	w := struct {
		plain
		ShareMin  *float64 `json:"share_min"`
		ShareMax  *float64 `json:"share_max"`
		Unbounded bool     `json:"unbounded,omitempty"`
	}{plain: plain(o), ShareMin: finite(o.ShareMin), ShareMax: finite(o.ShareMax), Unbounded: o.Unbounded() || math.IsInf(o.ShareMin, 1)}
	return json.Marshal(w)
}

func finite(f float64) *float64 {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil
	}
	return &f
}

// LookThroughReport is the answer of LookThrough.
type LookThroughReport struct {
	Subject Party      `json:"subject"`
	AsOf    graph.Date `json:"as_of,omitempty"`
	// Owners lists every party upstream of the subject through holdings,
	// by decreasing ShareMax, then ShareMin, then ID.
	Owners []LookThroughOwner `json:"owners"`
	// Cycles lists the cross-holding groups upstream of the subject, each
	// solved exactly with one linear system.
	Cycles [][]string `json:"cycles,omitempty"`
}

// LookThrough returns the look-through ownership of id by every party
// upstream of it on asOf (every record if asOf is empty): the sum over all
// ownership paths of the products of their shares, cross-holdings solved
// exactly (exposure.LookThrough). An unknown id is an error wrapping
// graph.ErrNotFound.
func LookThrough(ctx context.Context, st graph.Reader, id string, asOf graph.Date) (LookThroughReport, error) {
	subject, err := entity(ctx, st, id)
	if err != nil {
		return LookThroughReport{}, err
	}
	snap, err := st.Upstream(ctx, []string{id}, asOf)
	if err != nil {
		return LookThroughReport{}, fmt.Errorf("look-through of %q: %w", id, err)
	}
	res, err := exposure.LookThrough(snap, id, asOf)
	if err != nil {
		return LookThroughReport{}, err
	}
	names := map[string]graph.Entity{}
	for _, e := range snap.Entities {
		names[e.ID] = e
	}
	// Levels: fewest holdings from each owner to the subject.
	owners := map[string][]string{}
	for _, h := range snap.Holdings {
		if inForce(h.Span, asOf) {
			owners[h.Owned] = append(owners[h.Owned], h.Owner)
		}
	}
	level := map[string]int{id: 0}
	for queue := []string{id}; len(queue) > 0; queue = queue[1:] {
		for _, o := range owners[queue[0]] {
			if _, ok := level[o]; !ok {
				level[o] = level[queue[0]] + 1
				queue = append(queue, o)
			}
		}
	}
	rep := LookThroughReport{Subject: subject, AsOf: asOf, Owners: []LookThroughOwner{}, Cycles: res.Cycles}
	for _, s := range res.Shares {
		p := party(names, s.ID, level[s.ID])
		rep.Owners = append(rep.Owners, LookThroughOwner{Party: p, ShareMin: s.Lower, ShareMax: s.Upper,
			DirectMin: s.DirectLower, DirectMax: s.DirectUpper, Ultimate: s.Ultimate})
	}
	return rep, nil
}
