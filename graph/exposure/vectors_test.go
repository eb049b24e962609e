package exposure

import (
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure/exposuretest"
)

// TestVectors runs every test vector of RULES.md section 3. Each case
// lists, per regime, every entity that is neither clear nor designated; all
// other entities must be clear, and exactly X, Y, Z designated.
func TestVectors(t *testing.T) {
	for _, tt := range exposuretest.Vectors {
		t.Run(tt.ID, func(t *testing.T) {
			s := snap(t, tt.Facts)
			res := analyze(t, s, tt.AsOf)
			want := map[graph.Regime]string{graph.RegimeOFAC: tt.OFAC, graph.RegimeUK: tt.UK, graph.RegimeEU: tt.EU}
			for _, r := range graph.Engines {
				if got := statuses(t, res, r); got != want[r] {
					t.Errorf("%s: got %q, want %q", r, got, want[r])
				}
				var wantDes []string
				for _, e := range s.Entities {
					if e.ID == "X" || e.ID == "Y" || e.ID == "Z" {
						wantDes = append(wantDes, e.ID)
					}
				}
				slices.Sort(wantDes)
				if got := designatedIDs(res, r); !slices.Equal(got, wantDes) {
					t.Errorf("%s designated: got %v, want %v", r, got, wantDes)
				}
			}
		})
	}
}
