package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestShowStubName: `show` of a stub made for a cross-reference (the UN
// record an EU entry refers to) heads it with its party's name, never
// with its id alone (issue 16 item 3); a stub in no party keeps its id.
func TestShowStubName(t *testing.T) {
	d := graph.EntityDetail{Entity: graph.Entity{ID: "un:LYi.006", Kind: graph.KindUnknown, Name: "un:LYi.006"},
		Party: []string{"eu:6106", "un:LYi.006"}, Names: map[string]string{"eu:6106": "Abu Zayd Umar DORDA"}}
	for _, tc := range []struct {
		party []string
		want  string
	}{
		{d.Party, "Abu Zayd Umar DORDA (un:LYi.006) — unknown"},
		{[]string{"un:LYi.006"}, "un:LYi.006 (un:LYi.006) — unknown"},
	} {
		d.Party = tc.party
		var b bytes.Buffer
		if err := WriteDetailText(&b, d, "2026-01-01"); err != nil {
			t.Fatal(err)
		}
		if head, _, _ := strings.Cut(b.String(), "\n"); head != tc.want {
			t.Errorf("party %v: show starts %q, want %q", tc.party, head, tc.want)
		}
	}
}
