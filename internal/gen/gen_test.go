package gen

import (
	"reflect"
	"testing"

	"github.com/ownex/ownex/graph"
)

func TestGraphShape(t *testing.T) {
	tests := []struct {
		n    int
		seed int64
	}{{2, 1}, {1000, 1}, {20000, 7}}
	for _, tt := range tests {
		s := Graph(tt.n, tt.seed)
		if len(s.Entities) != tt.n {
			t.Errorf("n=%d: %d entities", tt.n, len(s.Entities))
		}
		if len(s.Holdings) < tt.n*3/2 {
			t.Errorf("n=%d: %d holdings, want >= %d", tt.n, len(s.Holdings), tt.n*3/2)
		}
		ids := map[string]bool{}
		for i, e := range s.Entities {
			if i > 0 && s.Entities[i-1].ID >= e.ID {
				t.Fatalf("IDs not ascending at %d", i)
			}
			ids[e.ID] = true
		}
		for _, h := range s.Holdings {
			if !ids[h.Owner] || !ids[h.Owned] || h.Owner == h.Owned || !h.Share.Valid() {
				t.Fatalf("bad holding %+v", h)
			}
		}
		if tt.n >= 20000 {
			checkMix(t, s)
		}
	}
}

// checkMix checks the advertised proportions loosely.
func checkMix(t *testing.T, s *graph.Snapshot) {
	var banded, unknown, joint, dated int
	for _, h := range s.Holdings {
		switch {
		case h.Share.IsUnknown():
			unknown++
		case h.Share.Lo != h.Share.Hi:
			banded++
		}
		if h.Arrangement != "" {
			joint++
		}
		if h.Start != "" {
			dated++
		}
	}
	m := len(s.Holdings)
	if banded < m*3/100 || unknown < m/100 || joint == 0 || dated == 0 || len(s.Controls) == 0 {
		t.Errorf("mix: banded %d unknown %d joint %d dated %d controls %d of %d", banded, unknown, joint, dated, len(s.Controls), m)
	}
	n := len(s.Entities)
	if d := len(s.Designations); d < n/1000 || d > n/100 {
		t.Errorf("designations: %d of %d entities", d, n)
	}
}

func TestGraphDeterministic(t *testing.T) {
	a, b := Graph(5000, 42), Graph(5000, 42)
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed, different graphs")
	}
	if c := Graph(5000, 43); reflect.DeepEqual(a.Holdings, c.Holdings) {
		t.Error("different seeds, same holdings")
	}
}

// TestGraphValid: every generated record is valid input (strict loads
// accept it): designations delisted after they are listed, holdings ending
// after they start, shares within 0-100.
func TestGraphValid(t *testing.T) {
	s := Graph(200_000, 1)
	for _, d := range s.Designations {
		if d.Delisted != "" && !(d.Listed < d.Delisted) {
			t.Fatalf("designation %+v delisted before it is listed", d)
		}
	}
	for _, h := range s.Holdings {
		if h.Start != "" && h.End != "" && !(h.Start < h.End) {
			t.Fatalf("holding %+v ends before it starts", h)
		}
		if !h.Share.Valid() || !h.Votes.Valid() {
			t.Fatalf("holding %+v has an invalid range", h)
		}
	}
}
