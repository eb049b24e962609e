package queries_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/sqlite"
	"github.com/ownex/ownex/queries"
)

// TestSummarizeCycles checks the cycles of the summary: cross-holdings of
// three and two members and a self-holding, largest first, members in ID
// order; a chain and an ended holding make no cycle.
func TestSummarizeCycles(t *testing.T) {
	h := func(owner, owned string) graph.Holding {
		return graph.Holding{Owner: owner, Owned: owned, Share: graph.Exact(pct(10)), Votes: graph.Exact(pct(10)),
			Provenance: graph.Provenance{Source: "test", Record: owner + owned}}
	}
	ended := h("K", "J")
	ended.End = "2020-01-01"
	b := &graph.Batch{Holdings: []graph.Holding{
		h("Z", "X"), h("X", "Y"), h("Y", "Z"), // three members
		h("F", "G"), h("G", "F"), // two
		h("H", "H"),                                  // a self-holding
		h("J", "K"), ended, h("A", "B"), h("B", "C"), // no cycle
	}}
	for _, id := range []string{"A", "B", "C", "F", "G", "H", "J", "K", "X", "Y", "Z"} {
		b.Entities = append(b.Entities, graph.Entity{ID: id, Kind: graph.KindCompany, Name: "Co " + id})
	}
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	load(t, st, b)
	for _, tc := range []struct {
		top  int
		want string
	}{{25, "X,Y,Z F,G H"}, {2, "X,Y,Z F,G"}} {
		s, err := queries.Summarize(context.Background(), st, queries.SummaryOptions{AsOf: asOf, Top: tc.top})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range s.Cycles {
			var ms []string
			for _, m := range c.Members {
				ms = append(ms, m.ID)
			}
			if c.Size != len(ms) {
				t.Errorf("cycle %v: size %d", ms, c.Size)
			}
			got = append(got, strings.Join(ms, ","))
		}
		if g := strings.Join(got, " "); g != tc.want || s.CyclesTotal != 3 {
			t.Errorf("top %d: cycles %q (total %d), want %q (total 3)", tc.top, g, s.CyclesTotal, tc.want)
		}
	}
}
