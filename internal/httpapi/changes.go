package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// The change feed (/api/v1/changes) and the home page's latest loads read
// the change reports that loads kept (`ingest --changes`, graph.ChangeLog).

// ChangeFeed is the answer of /api/v1/changes: the lines of the kept
// change reports of the loads since Since, by load then position, one
// page at a time.
type ChangeFeed struct {
	Since   int64      `json:"since"`
	Changes []FeedItem `json:"changes"`
	// Next is the after= of the next page; empty on the last page.
	Next string `json:"next,omitempty"`
}

// FeedItem is one kept line: a verdict a load changed. Line is the line of
// the load's report (`ingest --changes` jsonl): before and after states,
// causes and notes.
type FeedItem struct {
	Load   int64           `json:"load"`
	Seq    int             `json:"seq"`
	AsOf   graph.Date      `json:"as_of"`
	Regime graph.Regime    `json:"regime"`
	Change string          `json:"change"`
	Entity string          `json:"entity"`
	Line   json.RawMessage `json:"line"`
}

func (s *Server) apiChanges(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	since := int64(1)
	if arg := r.URL.Query().Get("since"); arg != "" {
		var err error
		if since, err = queries.SinceLoad(ctx, s.st, arg); err != nil {
			if bad := (*queries.BadSinceError)(nil); errors.As(err, &bad) {
				err = badf("%v", err)
			}
			s.fail(w, r, err)
			return
		}
	}
	afterLoad, afterSeq, err := feedCursor(r.URL.Query().Get("after"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit, err := intParam(r, "limit", 100, 1, 1000)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	entries, err := s.st.Changes(ctx, since, afterLoad, afterSeq, limit+1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	feed := ChangeFeed{Since: since, Changes: []FeedItem{}}
	if len(entries) > limit {
		entries = entries[:limit]
		last := entries[limit-1]
		feed.Next = fmt.Sprintf("%d:%d", last.Load, last.Seq)
	}
	for _, e := range entries {
		feed.Changes = append(feed.Changes, FeedItem{Load: e.Load, Seq: e.Seq, AsOf: e.AsOf, Regime: e.Regime, Change: e.Change,
			Entity: e.Entity, Line: json.RawMessage(e.Line)})
	}
	writeJSON(w, http.StatusOK, feed)
}

// feedCursor reads after=LOAD:SEQ (empty: from the start).
func feedCursor(v string) (int64, int, error) {
	if v == "" {
		return 0, 0, nil
	}
	l, q, ok := strings.Cut(v, ":")
	load, err1 := strconv.ParseInt(l, 10, 64)
	seq, err2 := strconv.Atoi(q)
	if !ok || err1 != nil || err2 != nil || load < 0 || seq < 0 {
		return 0, 0, badf("after: %q is not a cursor LOAD:SEQ (the next field of the previous page)", v)
	}
	return load, seq, nil
}

// homeLoads is the number of latest loads the home page shows, and
// homeChanges the number of changes it shows of each.
const (
	homeLoads   = 10
	homeChanges = 10
)

// loadView is a load on the home page, with what it changed when it kept
// a change report.
type loadView struct {
	ID      int64
	Source  string
	Files   string
	Started string
	Status  string
	Counts  graph.Counts
	// Skipped is the number of records a lenient load skipped; Partial
	// marks a list's partial version (graph.LoadRecord.Partial).
	Skipped  int
	Partial  bool
	Reported bool
	AsOf     graph.Date
	Lines    int
	Changes  []queries.KeptLine
	More     int // changes not shown
}

// latestLoads returns the latest loads, newest first, with the first
// changes of their kept reports.
func (s *Server) latestLoads(ctx context.Context) ([]loadView, error) {
	loads, err := s.st.Loads(ctx)
	if err != nil {
		return nil, err
	}
	slices.Reverse(loads)
	loads = loads[:min(len(loads), homeLoads)]
	var reports map[int64]graph.ChangeReport
	if len(loads) > 0 {
		rs, err := s.st.ChangeReports(ctx, loads[len(loads)-1].ID)
		if err != nil {
			return nil, err
		}
		reports = map[int64]graph.ChangeReport{}
		for _, r := range rs {
			reports[r.Load] = r
		}
	}
	out := make([]loadView, 0, len(loads))
	for _, l := range loads {
		files := make([]string, len(l.Files))
		for i, f := range l.Files {
			files[i] = filepath.Base(f)
		}
		v := loadView{ID: l.ID, Source: l.Source, Files: strings.Join(files, ", "), Started: l.Started.UTC().Format("2006-01-02 15:04 MST"),
			Status: l.Status, Counts: l.Counts, Skipped: l.Skipped, Partial: l.Partial()}
		if rep, ok := reports[l.ID]; ok {
			v.Reported, v.AsOf, v.Lines = true, rep.AsOf, rep.Lines
			entries, err := s.st.Changes(ctx, l.ID, 0, 0, homeChanges) // the load's first lines
			if err != nil {
				return nil, err
			}
			for _, e := range entries {
				if e.Load != l.ID {
					break
				}
				k, err := queries.DecodeKept(e)
				if err != nil {
					return nil, err
				}
				v.Changes = append(v.Changes, k)
			}
			v.More = rep.Lines - len(v.Changes)
		}
		out = append(out, v)
	}
	return out, nil
}
