package exposure

import (
	"testing"

	"github.com/ownex/ownex/graph"
)

func pctN(n int64) graph.Pct { return graph.Pct(n) * graph.PctScale }

func TestClusters(t *testing.T) {
	canon := clusters([]graph.SameAs{{A: "b", B: "c"}, {A: "c", B: "a"}, {A: "x", B: "y"}, {A: "z", B: "z"}})
	want := map[string]string{"a": "a", "b": "a", "c": "a", "x": "x", "y": "x"}
	if len(canon) != len(want) {
		t.Fatalf("canon %v, want %v", canon, want)
	}
	for k, v := range want {
		if canon[k] != v {
			t.Errorf("canon[%s] = %s, want %s", k, canon[k], v)
		}
	}
}

func TestReconcile(t *testing.T) {
	r := func(lo, hi int64) graph.Range { return graph.Range{Lo: pctN(lo), Hi: pctN(hi)} }
	h := func(owner, owned, src string, s graph.Range) graph.Holding {
		return graph.Holding{Owner: owner, Owned: owned, Share: s, Votes: s, Provenance: graph.Provenance{Source: src, Record: src + "-rec"}}
	}
	canon := map[string]string{"ofac:1": "lei:1", "lei:1": "lei:1", "os:c": "gb:c", "gb:c": "gb:c"}
	to := func(id string) string {
		if r, ok := canon[id]; ok {
			return r
		}
		return id
	}
	tests := []struct {
		name string
		in   []graph.Holding
		want graph.Range
		src  string
	}{
		{"two sources agree: intersection", []graph.Holding{h("ofac:1", "os:c", "os", r(25, 50)), h("lei:1", "gb:c", "psc", r(40, 60))}, r(40, 50), "os + psc"},
		{"two sources contradict: hull", []graph.Holding{h("ofac:1", "os:c", "os", r(10, 10)), h("lei:1", "gb:c", "psc", r(60, 60))}, r(10, 60), "os + psc"},
		{"one source, two share classes: sum", []graph.Holding{h("lei:1", "gb:c", "psc", r(20, 20)), h("ofac:1", "gb:c", "psc", r(15, 15))}, r(35, 35), "psc"},
	}
	for _, tt := range tests {
		got := reconcile(tt.in, to, "2025-01-01")
		if len(got) != 1 || got[0].Share != tt.want || got[0].Source != tt.src || got[0].Owner != "lei:1" || got[0].Owned != "gb:c" {
			t.Errorf("%s: %+v, want one holding lei:1 -> gb:c of %v from %s", tt.name, got, tt.want, tt.src)
		}
	}
	if got := reconcile([]graph.Holding{h("ofac:1", "lei:1", "x", r(50, 50))}, to, "2025-01-01"); len(got) != 0 {
		t.Errorf("a holding inside one cluster must be dropped: %+v", got)
	}
}
