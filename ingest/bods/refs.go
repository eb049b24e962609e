package bods

import (
	"strconv"

	"github.com/ownex/ownex/graph"
)

// setRefs gives every holding and control of one relationship its Ref,
// the source's stable id of the edge, by which a store upserts it: the
// relationship's id (0.4 recordId; 0.2/0.3 the statementID, or that of the
// statement it replaces), followed by "@" and the edge's start date when
// it has one (a statement with interests of several periods gives one
// edge per period). Two edges of one kind (and basis) with the same start
// but different ends take "#2", "#3"... in the order emitted. An update
// or a closing statement of the record keeps the refs of its edges, so
// loading it later replaces them.
func setRefs(r *rel, id string) {
	used := map[string]bool{}
	ref := func(kind string, start graph.Date) string {
		base := id
		if start != "" {
			base += "@" + string(start)
		}
		s := base
		for n := 2; used[kind+"\x00"+s]; n++ {
			s = base + "#" + strconv.Itoa(n)
		}
		used[kind+"\x00"+s] = true
		return s
	}
	for i := range r.holdings {
		r.holdings[i].Ref = ref("holding", r.holdings[i].Start)
	}
	for i := range r.controls {
		r.controls[i].Ref = ref("control "+string(r.controls[i].Basis), r.controls[i].Start)
	}
}
