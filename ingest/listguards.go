package ingest

// Guards of list versions: what a file that parses whole may still not
// be allowed to do to its list.

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
)

// A complete version of a list closes every designation of the list that
// it does not restate (graph.LoadMeta.List). A file that parses whole but
// holds far fewer records than the list (an export that came out empty, a
// filtered download, another list's file in the same format, a copy cut
// exactly at a record's end) would thereby delist most of the list, and
// every entity owned through those parties would read clear. No sanctions
// list is published so: even the largest delisting events remove a few
// percent of a list. Run therefore refuses, before it commits, a complete
// version that would close
//
//   - any designation while it holds none, or
//   - at least MassDelistingMin designations and more than it holds,
//
// unless Options.AllowMassDelisting is set. A partial version closes
// nothing and is not checked.

// MassDelistingMin is the fewest designations a version with some of its
// own must close to be refused: small lists (and small test lists) lose a
// few at a time.
const MassDelistingMin = 10

// ErrMassDelisting is wrapped by the error of a list version refused for
// what it would close (bad input: exit status 2).
var ErrMassDelisting = errors.New("list version refused")

// checkDelisting returns an error naming files and wrapping
// ErrMassDelisting when a complete version of list read from files,
// holding holds designations, would close closes of those in force (see
// above), or nil.
func checkDelisting(files []string, list string, closes, holds int) error {
	switch {
	case closes > 0 && holds == 0:
		return fmt.Errorf("%s: %w: this version of the list %s holds no designation and would close all %d in force; "+
			"a list is never published empty: check the file (--allow-mass-delisting loads it anyway)", strings.Join(files, ", "), ErrMassDelisting, list, closes)
	case closes >= MassDelistingMin && closes > holds:
		return fmt.Errorf("%s: %w: this version of the list %s would close %d designations in force, more than the %d it holds; "+
			"check that the file is the whole list (--allow-mass-delisting loads it anyway)", strings.Join(files, ", "), ErrMassDelisting, list, closes, holds)
	}
	return nil
}

// A list version is dated by its file (ListSource.ListInfo), and versions
// load in date order: one dated in the future (a damaged header, a
// publisher's or this machine's clock) would refuse every real version
// after it as older, until that date, and delist at that date. Run
// refuses a version published after the day after the load's (UTC; a
// publisher east of UTC may date its file a day ahead) with an error
// wrapping ErrFutureVersion (bad input: exit status 2).

// ErrFutureVersion is wrapped by the error of a list version dated in
// the future.
var ErrFutureVersion = errors.New("list version dated in the future")

// checkPublished returns an error naming files and wrapping
// ErrFutureVersion when the version of list they date published is after
// the day after loaded, or nil.
func checkPublished(files []string, list string, published graph.Date, loaded time.Time) error {
	latest := graph.Date(loaded.UTC().AddDate(0, 0, 1).Format(graph.DateLayout))
	if published > latest {
		return fmt.Errorf("%s: %w: the file says the list %s was published on %s, after today (%s); "+
			"check the file's date, and this machine's clock", strings.Join(files, ", "), ErrFutureVersion, list, published, loaded.UTC().Format(graph.DateLayout))
	}
	return nil
}
