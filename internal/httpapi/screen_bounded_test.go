package httpapi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/cli"
	"github.com/ownex/ownex/internal/httpapi"
	"github.com/ownex/ownex/queries"
)

// Screenings share the server's whole-store analyses (issue 15, item 3):
// the same cache, single flight and limit as entity requests.

// demoBook is a counterparties CSV naming every demo entity (so that the
// screening meets designated, owned, controlled and clear records, proofs,
// look-through shares and possible links), then the rows of
// counterparties.
func demoBook(t *testing.T, st graph.EntityLister) string {
	t.Helper()
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write([]string{"name", "country", "identifiers", "ref"})
	if err := st.Entities(context.Background(), func(e graph.Entity) error {
		return w.Write([]string{e.Name, "", "", e.ID})
	}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	rows, _ := strings.CutPrefix(counterparties, "name,country,identifiers,ref\n")
	return b.String() + rows
}

// screenAt POSTs book to the screening API with query q; a client
// timeout bounds the wait (0: none). Safe in any goroutine.
func screenAt(base, q, book string, timeout time.Duration) (int, http.Header, []byte, error) {
	req, err := http.NewRequest("POST", base+"/api/v1/screen?"+q, strings.NewReader(book))
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := (&http.Client{Timeout: timeout}).Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b, err
}

// unblock closes st.block once, at the latest when the test ends, so that
// a failing test does not leave requests waiting.
func unblock(t *testing.T, st *countingStore) func() {
	var once sync.Once
	f := func() { once.Do(func() { close(st.block) }) }
	t.Cleanup(f)
	return f
}

// TestScreeningsShareOneAnalysis: eight screenings at one date, all
// waiting on one analysis, read the whole store once and index its
// entity records once; a ninth is answered from the kept analysis and
// index; every answer is byte for byte the answer of a fresh server.
func TestScreeningsShareOneAnalysis(t *testing.T) {
	base := demoStore(t)
	book := demoBook(t, base)
	st := &countingStore{Store: base, block: make(chan struct{})}
	ts := serveStore(t, st, nil)
	release := unblock(t, st)
	indexed := st.entities.Load() // the search index's read
	const n, q = 8, "as_of=2024-04-01"
	codes, bodies := make([]int, n), make([][]byte, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _, bodies[i], _ = screenAt(ts.URL, q, book, 0)
		}()
	}
	waitFor(t, "every screening to wait on the analysis (or each on its own)", func() bool {
		return metric(t, ts.URL, "ownex_analysis_cache_misses_total") == n || st.snapshots.Load() == n
	})
	release()
	wg.Wait()
	if got := st.snapshots.Load(); got != 1 {
		t.Errorf("%d screenings at one date read %d whole-store snapshots, want 1", n, got)
	}
	code, _, again, err := screenAt(ts.URL, q, book, 0)
	if err != nil || code != http.StatusOK {
		t.Fatalf("a screening once the analysis is kept: %d %v %s", code, err, again)
	}
	if got := st.snapshots.Load(); got != 1 {
		t.Errorf("a screening at a kept date read the store again: %d snapshots, want 1", got)
	}
	if got := st.entities.Load() - indexed; got != 1 {
		t.Errorf("%d screenings read every entity record %d times, want once", n+1, got)
	}
	code, _, want, err := screenAt(serveStore(t, base, nil).URL, q, book, 0)
	if err != nil || code != http.StatusOK {
		t.Fatalf("fresh server: %d %v %s", code, err, want)
	}
	wantDesignated(t, want)
	codes, bodies = append(codes, http.StatusOK), append(bodies, again)
	for i, b := range bodies {
		if codes[i] != http.StatusOK || !bytes.Equal(b, want) {
			t.Errorf("screening %d: %d\n%.2000s\nwant the fresh server's\n%.2000s", i, codes[i], b, want)
		}
	}
}

// wantDesignated fails unless a screening answer has a matched row with a
// non-clear verdict and its proof: a comparison of answers then compares
// verdicts and proofs, not only matches.
func wantDesignated(t *testing.T, body []byte) {
	t.Helper()
	var rep httpapi.ScreenReport
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatal(err)
	}
	for _, row := range rep.Rows {
		for _, v := range row.Verdicts {
			if v.Status != graph.StatusClear && v.Proof != nil {
				return
			}
		}
	}
	t.Fatalf("no row with a non-clear verdict and its proof: %.1000s", body)
}

// TestScreeningsOverTheLimit: with two analyses allowed at once and two
// running (screenings at two dates), a screening at a third date is
// refused at once with 503 and Retry-After, by the API and by the web UI
// (which then starts no job); screenings joining a running analysis are
// not refused; once the two are done, the third date is served.
func TestScreeningsOverTheLimit(t *testing.T) {
	base := demoStore(t)
	book := demoBook(t, base)
	st := &countingStore{Store: base, block: make(chan struct{})}
	ts := serveStore(t, st, func(o *httpapi.Options) { o.MaxAnalyses = 2 })
	release := unblock(t, st)
	running := []string{"as_of=2024-04-01", "as_of=2025-06-30&regime=uk"}
	codes := make(chan int, 2*len(running))
	for _, q := range running {
		for range 2 { // the second joins the first's analysis
			go func() {
				code, _, b, err := screenAt(ts.URL, q, book, 0)
				if err != nil || code != http.StatusOK {
					t.Errorf("%s: %d %v %s", q, code, err, b)
				}
				codes <- code
			}()
		}
	}
	waitFor(t, "four screenings waiting on two analyses (or each on its own)", func() bool {
		return st.snapshots.Load() == 2 && metric(t, ts.URL, "ownex_analysis_cache_misses_total") == 4 || st.snapshots.Load() == 4
	})
	if got := st.snapshots.Load(); got != 2 {
		t.Errorf("four screenings at two dates read %d whole-store snapshots, want 2", got)
	}

	code, h, b, err := screenAt(ts.URL, "as_of=2020-06-30", book, 5*time.Second)
	if err != nil {
		t.Fatalf("a screening at a third date got no answer within 5 s: %v", err)
	}
	if code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" || !bytes.Contains(b, []byte("too many analyses")) {
		t.Errorf("API screening at a third date: %d, Retry-After %q, %s; want 503 with Retry-After", code, h.Get("Retry-After"), b)
	}
	ui, err := http.NewRequest("POST", ts.URL+"/screen?as_of=2020-06-30", strings.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	ui.Header.Set("Content-Type", "text/csv")
	ui.Header.Set("Authorization", "Bearer "+token)
	ui.Header.Set("Accept", "text/html")
	c := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(ui)
	if err != nil {
		t.Fatalf("a UI screening at a third date got no answer within 5 s: %v", err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || resp.Header.Get("Location") != "" ||
		!bytes.Contains(page, []byte("too many analyses")) {
		t.Errorf("UI screening at a third date: %d, Retry-After %q, Location %q; want 503 with Retry-After and no job:\n%.500s",
			resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header.Get("Location"), page)
	}
	if got := metric(t, ts.URL, `ownex_screenings_total{outcome="busy"}`); got != 2 {
		t.Errorf("ownex_screenings_total{outcome=\"busy\"} = %v, want 2", got)
	}

	release()
	for range 2 * len(running) {
		<-codes
	}
	if code, _, b, err := screenAt(ts.URL, "as_of=2020-06-30", book, 0); err != nil || code != http.StatusOK {
		t.Errorf("the third date once the others are done: %d %v %s", code, err, b)
	}
	if got := st.snapshots.Load(); got != 3 {
		t.Errorf("%d whole-store snapshots, want 3 (one per date)", got)
	}
}

// TestScreeningAfterEntityRequest: an entity request at the default date
// computes its analysis; a screening at that date then reads no snapshot,
// and its answer, under one regime, is that of queries.Screen (the
// command line's screening, which analyses the store under that regime
// alone). Conversely an entity request at the date of a screening uses
// the screening's analysis, reading neither the store nor a closure; and
// the screenings at both dates share one index of the entity records.
func TestScreeningAfterEntityRequest(t *testing.T) {
	base := demoStore(t)
	book := demoBook(t, base)
	st := &countingStore{Store: base}
	ts := serveStore(t, st, nil)  // today: 2025-06-30
	indexed := st.entities.Load() // the search index's read
	if code, _, b, err := fetch(ts.URL + "/api/v1/entities/demo:kestrel-print"); err != nil || code != http.StatusOK {
		t.Fatalf("entity: %d %v %s", code, err, b)
	}
	code, _, b, err := screenAt(ts.URL, "regime=uk", book, 0)
	if err != nil || code != http.StatusOK {
		t.Fatalf("screening: %d %v %s", code, err, b)
	}
	if got := st.snapshots.Load(); got != 1 {
		t.Errorf("an entity request and a screening at one date read %d whole-store snapshots, want 1", got)
	}
	wantDesignated(t, b)
	var rep httpapi.ScreenReport
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	var want []queries.ScreenRow
	stats, err := queries.Screen(context.Background(), base, queries.ReadCounterparties(strings.NewReader(book), "upload.csv"),
		queries.ScreenOptions{AsOf: "2025-06-30", Regimes: []graph.Regime{graph.RegimeUK}}, func(row queries.ScreenRow) error {
			want = append(want, row)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	gotJSON, _ := json.Marshal(rep.Rows)
	wantJSON, _ := json.Marshal(want)
	if !bytes.Equal(gotJSON, wantJSON) || rep.Stats.Rows != stats.Rows || rep.Stats.Matched != stats.Matched {
		t.Errorf("screening rows:\n%.2000s\nqueries.Screen:\n%.2000s", gotJSON, wantJSON)
	}

	if code, _, b, err := screenAt(ts.URL, "as_of=2022-03-20", book, 0); err != nil || code != http.StatusOK {
		t.Fatalf("screening as of 2022-03-20: %d %v %s", code, err, b)
	}
	if code, _, b, err := fetch(ts.URL + "/api/v1/entities/demo:kestrel-print/explain?as_of=2022-03-20"); err != nil || code != http.StatusOK {
		t.Fatalf("explain as of 2022-03-20: %d %v %s", code, err, b)
	}
	if got, up := st.snapshots.Load(), st.upstreams.Load(); got != 2 || up != 0 {
		t.Errorf("after a screening and an explain as of 2022-03-20: %d snapshots and %d closures, want 2 and 0", got, up)
	}
	if got := st.entities.Load() - indexed; got != 1 {
		t.Errorf("screenings at two dates read every entity record %d times, want once", got)
	}
}

// TestScreeningIndexFollowsTheStore: the index of entity records that
// screenings share is dropped with the analyses when the store changes:
// a record ingested by another process is matched by the next screening.
func TestScreeningIndexFollowsTheStore(t *testing.T) {
	ctx := context.Background()
	env := cli.Env{Stdout: io.Discard, Stderr: io.Discard}
	st, db := demoDB(t)
	ts := serveStore(t, st, func(o *httpapi.Options) { o.StoreRecheck = -1 })
	const book = "name,country,identifiers,ref\nQuillfeather Bramblewick Shipping,,,q1\n"
	status := func() queries.MatchStatus {
		t.Helper()
		code, _, b, err := screenAt(ts.URL, "", book, 0)
		var rep httpapi.ScreenReport
		if err != nil || code != http.StatusOK || json.Unmarshal(b, &rep) != nil || len(rep.Rows) != 1 {
			t.Fatalf("screening: %d %v %s", code, err, b)
		}
		return rep.Rows[0].Match.Status
	}
	if got := status(); got != queries.MatchUnmatched {
		t.Fatalf("before the ingest: %s, want unmatched", got)
	}
	dir := t.TempDir()
	csv := "id,name,kind,country\ntest:quill,Quillfeather Bramblewick Shipping,company,GB\n"
	if err := os.WriteFile(filepath.Join(dir, "entities.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := cli.Ingest(ctx, env, cli.Config{Store: "sqlite", DB: db}, "csv", []string{dir}, cli.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != queries.MatchMatched {
		t.Errorf("after ingesting the record: %s, want matched: the server kept a stale index", got)
	}
}
