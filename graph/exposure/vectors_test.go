package exposure

import (
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestVectors runs every test vector of RULES.md section 3. Each case
// lists, per regime, every entity that is neither clear nor designated; all
// other entities must be clear, and exactly X, Y, Z designated.
func TestVectors(t *testing.T) {
	const d = "2025-06-30"
	tests := []struct {
		id, facts    string
		asOf         graph.Date
		ofac, uk, eu string
	}{
		{"V01", "X>A 50; A>B 50", d, "A:blocked B:blocked", "", "A:owned B:owned"},
		{"V02", "X>A 50; X>B 50; A>C 25; B>C 25", d, "A:blocked B:blocked C:blocked", "", "A:owned B:owned C:owned"},
		{"V03", "X>A 50; X>B 10; A>B 40", d, "A:blocked B:blocked", "", "A:owned B:owned"},
		{"V04", "X>A 25; X>B 25; A>C 50; B>C 50", d, "", "", ""},
		{"V05", "X>A 25; Y>A 25", d, "A:blocked", "", "A:owned"},
		{"V06", "X>A 30; Y>A 25", d, "A:blocked", "", "A:owned"},
		{"V07", "X>A 30 @j; Y>A 30 @j", d, "A:blocked", "A:owned", "A:owned"},
		{"V08", "X>A 30 @j; N>A 30 @j", d, "", "A:owned", ""},
		{"V09", "X>A 49.99; X>B 50; X>C 50.01", d, "B:blocked C:blocked", "C:owned", "B:owned C:owned"},
		{"V10", "X>A 10; X=A board-appointment", d, "", "A:controlled", "A:controlled"},
		{"V11", "X>A 10; X=A board-appointment; A>B 100", d, "", "A:controlled B:owned", "A:controlled B:owned"},
		{"V12", "X>A 40; A>B 100", d, "", "", ""},
		{"V17", "X>A 40/60", d, "", "A:owned", "A:controlled"},
		{"V18", "X>A 60/40; A>B 100", d, "A:blocked B:blocked", "A:owned", "A:owned B:owned"},
		{"V20", "X>A 25; X>B 25; A>B 50; B>A 50", d, "", "", ""},
		{"V22", "X>A ?; N>A 40", d, "A:undetermined", "A:undetermined", "A:undetermined"},
		{"V24@2022", "X>A 60 2020-01-01..2023-01-01; X>A 40 2023-01-01..", "2022-06-30", "A:blocked", "A:owned", "A:owned"},
		{"V24@2024", "X>A 60 2020-01-01..2023-01-01; X>A 40 2023-01-01..", "2024-06-30", "", "", ""},
		{"V29", "X>A 50; N>A 50; N=A board-appointment", d, "A:blocked", "", "A:owned"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s := snap(t, tt.facts)
			res := analyze(t, s, tt.asOf)
			want := map[graph.Regime]string{graph.RegimeOFAC: tt.ofac, graph.RegimeUK: tt.uk, graph.RegimeEU: tt.eu}
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
