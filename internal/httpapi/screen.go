package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/report"
	"github.com/ownex/ownex/queries"
)

// job is a screening: synchronous for the API, in the background for the
// web UI (which polls its progress).
type job struct {
	id   string
	meta report.ScreenMeta

	mu    sync.Mutex
	total int // data rows in the upload (approximate: CSV lines)
	done  int
	state string // running, done, failed
	err   string
	rows  []queries.ScreenRow
	stats queries.ScreenStats
}

func (j *job) snapshot() (state string, done, total int, msg string, stats queries.ScreenStats) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.state, j.done, j.total, j.err, j.stats
}

// jobs keeps the last few UI screenings.
type jobs struct {
	mu    sync.Mutex
	max   int
	byID  map[string]*job
	order []string
}

func newJobs(max int) *jobs { return &jobs{max: max, byID: map[string]*job{}} }

func (js *jobs) add(j *job) {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.byID[j.id] = j
	js.order = append(js.order, j.id)
	for len(js.order) > js.max {
		delete(js.byID, js.order[0])
		js.order = js.order[1:]
	}
}

func (js *jobs) get(id string) *job {
	js.mu.Lock()
	defer js.mu.Unlock()
	return js.byID[id]
}

func newJobID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func newJob(body []byte, name string, opt queries.ScreenOptions) *job {
	regs := opt.Regimes
	if len(regs) == 0 {
		regs = graph.Engines
	}
	// A book with a date column is a lookback screening (issue 17): the
	// downloads add each row's date and its status today. The upload was
	// validated before (CheckCounterparties), so the scan does not fail.
	scan, err := queries.ScanCounterparties(bytes.NewReader(body), name)
	return &job{id: newJobID(), state: "running", total: max(bytes.Count(body, []byte("\n"))-1, 0),
		meta: report.ScreenMeta{Input: path.Base(name), AsOf: opt.AsOf, Regimes: regs, Generated: time.Now(),
			Lookback: err == nil && len(scan.Dates) > 0}}
}

// runScreening screens body synchronously against the whole-store
// analysis p (started by analysisCache.start, so that a screening over
// the limit of analyses running is refused before it runs); j may be nil
// (a new job).
func (s *Server) runScreening(ctx context.Context, p *pendingAnalysis, body []byte, name string, opt queries.ScreenOptions, j *job) (*job, error) {
	if j == nil {
		j = newJob(body, name, opt)
	}
	opt.Progress = func(done int) {
		j.mu.Lock()
		j.done = done
		j.mu.Unlock()
	}
	sc, err := s.screener(ctx, p, opt)
	if err != nil {
		j.mu.Lock()
		j.state, j.err = "failed", err.Error()
		j.mu.Unlock()
		return j, err
	}
	var rows []queries.ScreenRow
	stats, err := sc.ScreenAll(ctx, queries.ReadCounterparties(bytes.NewReader(body), j.meta.Input), func(row queries.ScreenRow) error {
		rows = append(rows, row)
		return nil
	})
	j.mu.Lock()
	defer j.mu.Unlock()
	if err != nil {
		j.state, j.err = "failed", err.Error()
		return j, err
	}
	if rows == nil {
		rows = []queries.ScreenRow{}
	}
	if w := queries.NoDesignations(sc.Result(), j.meta.Regimes, j.meta.AsOf); w != "" {
		j.meta.Warnings = []string{w}
	}
	j.rows, j.stats, j.state, j.done = rows, stats, "done", stats.Rows
	s.metrics.screenRows.Add(float64(stats.Rows))
	return j, nil
}

// screener waits for p and for the store's match index, and screens
// against both.
func (s *Server) screener(ctx context.Context, p *pendingAnalysis, opt queries.ScreenOptions) (*queries.Screener, error) {
	a, err := p.wait(ctx)
	if err != nil {
		return nil, err
	}
	x, err := s.cache.matchIndex(ctx)
	if err != nil {
		return nil, err
	}
	return queries.NewScreenerFrom(s.st, a, x, opt)
}

func validDownload(format string) bool {
	switch format {
	case "csv", "jsonl", "xlsx", "html":
		return true
	}
	return false
}

var downloadTypes = map[string]string{
	"csv":   "text/csv; charset=utf-8",
	"jsonl": "application/x-ndjson",
	"xlsx":  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"html":  "text/html; charset=utf-8",
}

func setDownload(w http.ResponseWriter, format, input string) {
	base := strings.TrimSuffix(input, path.Ext(input))
	if base == "" || strings.ContainsAny(base, "\"\\\r\n") {
		base = "screening"
	}
	w.Header().Set("Content-Type", downloadTypes[format])
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-screened.%s"`, base, format))
	w.Header().Set("X-Content-Type-Options", "nosniff")
}

type rowWriter interface {
	WriteRow(queries.ScreenRow) error
	Close(queries.ScreenStats) error
}

// write renders a finished job in a download format.
func (j *job) write(w io.Writer, format string) error {
	var rw rowWriter
	switch format {
	case "csv":
		rw = report.NewScreenCSVMeta(w, j.meta)
	case "jsonl":
		rw = report.NewScreenJSONL(w)
	case "xlsx":
		x, err := report.NewScreenXLSX(w, j.meta)
		if err != nil {
			return err
		}
		rw = x
	case "html":
		rw = report.NewScreenHTML(w, j.meta)
	default:
		return badf("format: unknown format %q: want csv, jsonl, xlsx or html", format)
	}
	for _, row := range j.rows {
		if err := rw.WriteRow(row); err != nil {
			return err
		}
	}
	return rw.Close(j.stats)
}
