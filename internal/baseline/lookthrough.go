package baseline

import (
	"math"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// LookThroughSample returns n companies of s spread evenly over its
// entities in order: with C companies, the i-th is company number
// i·C/n. nx/lookthrough.py --sample n picks the same IDs from the
// entities file that gen.WriteCSV writes.
func LookThroughSample(s *graph.Snapshot, n int) []string {
	var companies []string
	for i := range s.Entities {
		if s.Entities[i].Kind == graph.KindCompany {
			companies = append(companies, s.Entities[i].ID)
		}
	}
	if len(companies) == 0 || n <= 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = companies[i*len(companies)/n]
	}
	return out
}

// Upstream indexes the holdings of a snapshot in force on a date by owned
// entity, so that the upstream closure of a target — what a store's
// graph.Reader.Upstream returns, and all exposure.LookThrough reads — can
// be cut out of an in-memory snapshot in time linear in the closure.
type Upstream struct {
	s    *graph.Snapshot
	asOf graph.Date
	into map[string][]int32 // owned ID -> indexes into s.Holdings
}

// NewUpstream indexes the holdings of s in force on asOf (all of them
// when asOf is empty).
func NewUpstream(s *graph.Snapshot, asOf graph.Date) *Upstream {
	u := &Upstream{s: s, asOf: asOf, into: make(map[string][]int32, len(s.Entities))}
	for i := range s.Holdings {
		h := &s.Holdings[i]
		if asOf == "" || h.Covers(asOf) {
			u.into[h.Owned] = append(u.into[h.Owned], int32(i))
		}
	}
	return u
}

// Snapshot returns the target's upstream closure as a snapshot: the
// target entity and every holding in force into the target or into one of
// its direct or indirect owners. exposure.LookThrough gives the same
// result on it as on the whole snapshot: the closure is all it reads, and
// every holding of a closure member's holders is there for the capping.
func (u *Upstream) Snapshot(target string) *graph.Snapshot {
	out := &graph.Snapshot{AsOf: u.asOf, Entities: []graph.Entity{{ID: target, Name: target}}}
	seen := map[string]bool{target: true}
	queue := []string{target}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, i := range u.into[v] {
			h := u.s.Holdings[i]
			out.Holdings = append(out.Holdings, h)
			if !seen[h.Owner] {
				seen[h.Owner] = true
				queue = append(queue, h.Owner)
			}
		}
	}
	return out
}

// LookThroughSummary condenses one target's look-through result for a
// comparison at scale: the number of upstream parties and the sums of
// their finite lower and upper shares (percent), with the number of
// unbounded (+Inf) values. nx/lookthrough.py --format summary prints the
// same per target.
type LookThroughSummary struct {
	Parties            int
	SumLower, SumUpper float64
	InfLower, InfUpper int
}

// Summarize summarizes a look-through result.
func Summarize(res exposure.LookThroughResult) LookThroughSummary {
	var sm LookThroughSummary
	sm.Parties = len(res.Shares)
	for _, sh := range res.Shares {
		if math.IsInf(sh.Lower, 1) {
			sm.InfLower++
		} else {
			sm.SumLower += sh.Lower
		}
		if math.IsInf(sh.Upper, 1) {
			sm.InfUpper++
		} else {
			sm.SumUpper += sh.Upper
		}
	}
	return sm
}
