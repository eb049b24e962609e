package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/httpapi"
)

// countingStore counts the whole-store snapshots (Snapshot, or the
// StreamSnapshot of queries.Analyze, whose sink keeps records: the
// server's start streams the relations alone), the upstream closures and
// the reads of every entity record a server makes; when block is set,
// each whole-store snapshot waits until it is closed.
type countingStore struct {
	graph.Store
	snapshots, upstreams, entities atomic.Int64
	block                          chan struct{}
}

func (c *countingStore) Entities(ctx context.Context, f func(graph.Entity) error) error {
	c.entities.Add(1)
	return c.Store.Entities(ctx, f)
}

func (c *countingStore) Snapshot(ctx context.Context, d graph.Date) (*graph.Snapshot, error) {
	c.snapshots.Add(1)
	if c.block != nil {
		<-c.block
	}
	return c.Store.Snapshot(ctx, d)
}

func (c *countingStore) StreamSnapshot(ctx context.Context, d graph.Date, sink graph.SnapshotSink) error {
	if graph.WantsRecords(sink) {
		c.snapshots.Add(1)
		if c.block != nil {
			<-c.block
		}
	}
	return c.Store.StreamSnapshot(ctx, d, sink)
}

func (c *countingStore) Upstream(ctx context.Context, ids []string, d graph.Date) (*graph.Snapshot, error) {
	c.upstreams.Add(1)
	return c.Store.Upstream(ctx, ids, d)
}

func (c *countingStore) StreamUpstream(ctx context.Context, ids []string, d graph.Date, sink graph.SnapshotSink) error {
	c.upstreams.Add(1)
	return c.Store.StreamUpstream(ctx, ids, d, sink)
}

// movableToday is an Options.Today the test can move.
type movableToday struct{ d atomic.Value }

func newToday(d graph.Date) *movableToday {
	m := &movableToday{}
	m.d.Store(d)
	return m
}
func (m *movableToday) set(d graph.Date)  { m.d.Store(d) }
func (m *movableToday) get() graph.Date   { return m.d.Load().(graph.Date) }
func (m *movableToday) today() graph.Date { return m.get() }

// fetch GETs u; safe in any goroutine.
func fetch(u string) (int, http.Header, []byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b, err
}

// metric reads one counter from /metrics.
func metric(t *testing.T, base, name string) float64 {
	t.Helper()
	_, _, b, err := fetch(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		var v float64
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			if _, err := fmt.Sscan(rest, &v); err != nil {
				t.Fatalf("%s: %q", name, line)
			}
			return v
		}
	}
	t.Fatalf("no %s in /metrics", name)
	return 0
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestOneAnalysisPerDate: eight concurrent requests at the default date,
// all waiting on one analysis, read the whole store once.
func TestOneAnalysisPerDate(t *testing.T) {
	st := &countingStore{Store: demoStore(t), block: make(chan struct{})}
	ts := serveStore(t, st, func(o *httpapi.Options) { o.Today = newToday("2025-06-30").today })
	const n = 8
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _, _, _ = fetch(ts.URL + "/api/v1/entities/demo:kestrel-print")
		}()
	}
	waitFor(t, "every request to wait on the analysis", func() bool {
		return metric(t, ts.URL, "ownex_analysis_cache_misses_total") == n
	})
	close(st.block)
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("request %d: status %d", i, c)
		}
	}
	if got := st.snapshots.Load(); got != 1 {
		t.Errorf("%d requests for one date read %d whole-store snapshots, want 1", n, got)
	}
}

// TestAnalysisLRU: with room for two analyses, the least recently used
// one is dropped, and a request at a date no longer kept reads that
// entity's upstream closure, not the store.
func TestAnalysisLRU(t *testing.T) {
	st := &countingStore{Store: demoStore(t)}
	today := newToday("2025-06-30")
	ts := serveStore(t, st, func(o *httpapi.Options) { o.Today, o.CacheSize = today.today, 2 })
	ask := func(asOf graph.Date) {
		t.Helper()
		code, _, b, err := fetch(ts.URL + "/api/v1/entities/demo:kestrel-print?as_of=" + string(asOf))
		if err != nil || code != http.StatusOK {
			t.Fatalf("as of %s: %d %s %v", asOf, code, b, err)
		}
	}
	steps := []struct {
		today, asOf          graph.Date
		snapshots, upstreams int64 // totals after the step
	}{
		{"2025-06-30", "2025-06-30", 1, 0}, // kept: 2025
		{"2024-04-01", "2024-04-01", 2, 0}, // kept: 2024, 2025
		{"2024-04-01", "2025-06-30", 2, 0}, // kept, now the most recent: 2025, 2024
		{"2020-06-30", "2020-06-30", 3, 0}, // 2024 out: 2020, 2025
		{"2020-06-30", "2025-06-30", 3, 0}, // still kept
		{"2020-06-30", "2024-04-01", 3, 1}, // dropped, not today: its closure only
		{"2020-06-30", "2020-06-30", 3, 1},
	}
	for i, s := range steps {
		today.set(s.today)
		ask(s.asOf)
		if got, up := st.snapshots.Load(), st.upstreams.Load(); got != s.snapshots || up != s.upstreams {
			t.Fatalf("step %d (today %s, as of %s): %d snapshots and %d closures read, want %d and %d",
				i, s.today, s.asOf, got, up, s.snapshots, s.upstreams)
		}
	}
}

// TestBusyAnswers503: with one analysis allowed at once, a request that
// needs a second one is refused with 503 and Retry-After, and served once
// the first is done.
func TestBusyAnswers503(t *testing.T) {
	st := &countingStore{Store: demoStore(t), block: make(chan struct{})}
	today := newToday("2025-06-30")
	ts := serveStore(t, st, func(o *httpapi.Options) { o.Today, o.MaxAnalyses = today.today, 1 })
	first := make(chan int, 1)
	go func() {
		code, _, _, _ := fetch(ts.URL + "/api/v1/entities/demo:kestrel-print")
		first <- code
	}()
	waitFor(t, "the first analysis to start", func() bool { return st.snapshots.Load() == 1 })
	today.set("2024-04-01")
	code, h, b, err := fetch(ts.URL + "/api/v1/entities/demo:kestrel-print/explain")
	if err != nil {
		t.Fatal(err)
	}
	if code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" || !bytes.Contains(b, []byte("too many analyses")) {
		t.Errorf("a second analysis while one runs: %d, Retry-After %q, %s; want 503 with Retry-After", code, h.Get("Retry-After"), b)
	}
	close(st.block)
	if c := <-first; c != http.StatusOK {
		t.Errorf("the first request: %d", c)
	}
	if code, _, b, _ := fetch(ts.URL + "/api/v1/entities/demo:kestrel-print/explain"); code != http.StatusOK {
		t.Errorf("once the first analysis is done: %d %s", code, b)
	}
}

// TestUncachedDateReadsTheClosure: entity, explain and owners at dates
// whose analysis is not kept read each entity's upstream closure, never
// the whole store, and answer byte for byte what a server that analysed
// the whole store as of that date answers, for every demo entity.
func TestUncachedDateReadsTheClosure(t *testing.T) {
	base := demoStore(t)
	st := &countingStore{Store: base}
	closure := serveStore(t, st, func(o *httpapi.Options) { o.Today = newToday("2030-01-01").today })
	fullToday := newToday("2025-06-30")
	full := serveStore(t, base, func(o *httpapi.Options) { o.Today = fullToday.today })
	var ids []string
	if err := base.Entities(context.Background(), func(e graph.Entity) error {
		ids = append(ids, e.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []graph.Date{"2016-06-30", "2020-06-30", "2022-03-20", "2024-04-01", "2025-06-30"} {
		fullToday.set(d)
		for _, id := range ids {
			for _, route := range []string{"", "/explain", "/owners"} {
				u := "/api/v1/entities/" + id + route + "?as_of=" + string(d)
				c1, _, b1, err1 := fetch(closure.URL + u)
				c2, _, b2, err2 := fetch(full.URL + u)
				if err1 != nil || err2 != nil || c1 != http.StatusOK || c2 != http.StatusOK {
					t.Fatalf("%s: %d %v / %d %v", u, c1, err1, c2, err2)
				}
				if !bytes.Equal(b1, b2) {
					t.Errorf("%s from the closure:\n%s\nfrom the whole store:\n%s", u, b1, b2)
				}
			}
		}
	}
	if got := st.snapshots.Load(); got != 0 {
		t.Errorf("%d whole-store snapshots read for single-entity requests at uncached dates, want 0", got)
	}
	if st.upstreams.Load() == 0 {
		t.Error("no upstream closure read")
	}
}
