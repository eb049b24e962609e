package ingest

import (
	"errors"
	"testing"
)

// TestCheckDelisting: the bounds of a refused list version (delisting.go).
func TestCheckDelisting(t *testing.T) {
	for _, tc := range []struct {
		closes, holds int
		refused       bool
	}{
		{0, 0, false}, // an empty list stays empty
		{1, 0, true},  // nothing held, something closed
		{1003, 0, true},
		{9, 1, false},   // fewer than MassDelistingMin
		{10, 9, true},   // at least MassDelistingMin and more than held
		{10, 10, false}, // no more than held
		{903, 100, true},
		{50, 953, false}, // a large but ordinary delisting
	} {
		err := checkDelisting("un", tc.closes, tc.holds)
		if (err != nil) != tc.refused || (err != nil && !errors.Is(err, ErrMassDelisting)) {
			t.Errorf("closes %d, holds %d: %v; want refused %v", tc.closes, tc.holds, err, tc.refused)
		}
	}
}
