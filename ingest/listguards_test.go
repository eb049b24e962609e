package ingest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
)

// TestCheckDelisting: the bounds of a refused list version (listguards.go).
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
		err := checkDelisting([]string{"un.xml"}, "un", tc.closes, tc.holds)
		if (err != nil) != tc.refused || (err != nil && (!errors.Is(err, ErrMassDelisting) || !strings.HasPrefix(err.Error(), "un.xml: list version refused: "))) {
			t.Errorf("closes %d, holds %d: %v; want refused %v", tc.closes, tc.holds, err, tc.refused)
		}
	}
}

// TestCheckPublished: a list version may be dated up to the day after the
// load's (UTC), not later.
func TestCheckPublished(t *testing.T) {
	loaded := time.Date(2026, 12, 7, 23, 30, 0, 0, time.FixedZone("CET", 3600)) // 22:30 UTC
	for published, refused := range map[graph.Date]bool{
		"2026-12-06": false, "2026-12-07": false, "2026-12-08": false,
		"2026-12-09": true, "2099-08-05": true,
	} {
		err := checkPublished([]string{"eu.xml"}, "eu", published, loaded)
		if (err != nil) != refused || (err != nil && (!errors.Is(err, ErrFutureVersion) || !strings.HasPrefix(err.Error(), "eu.xml: list version dated in the future: "))) {
			t.Errorf("published %s: %v; want refused %v", published, err, refused)
		}
	}
}
