package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/internal/cli"
	"github.com/ownex/ownex/internal/gen"
	"github.com/ownex/ownex/internal/httpapi"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// boundedEntities is the size of the generated store of
// TestDistinctDatesStayBounded; OWNEX_BOUNDED_ENTITIES changes it (the
// figures of docs/reliability/serve-bounded.md are for 300000).
const boundedEntities = 20_000

// TestDistinctDatesStayBounded is the reproduction of issue 15 item 3: a
// server holding the analysis of the default date gets entity requests at
// 12 other as-of dates at once. The Go heap's peak (HeapInuse, sampled)
// stays within 1.5 times its peak while it computed the one analysis, and
// every answer has the verdicts of a whole-store analysis as of its date.
func TestDistinctDatesStayBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and loads a store")
	}
	n := boundedEntities
	if v := os.Getenv("OWNEX_BOUNDED_ENTITIES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1000 {
			t.Fatalf("OWNEX_BOUNDED_ENTITIES=%q: want a number of at least 1000", v)
		}
	}
	ctx := context.Background()
	st := generatedStore(t, n)

	// Twelve dates other than the default one, and for each an entity with
	// a verdict that is not clear under some regime then (a different one
	// for each date), with its verdicts from the whole-store analysis.
	dates := make([]graph.Date, 0, 12)
	for y := 2014; y <= 2024; y++ {
		dates = append(dates, graph.Date(fmt.Sprintf("%d-06-30", y)))
	}
	dates = append(dates, "2025-04-30")
	ids := make([]string, len(dates))
	want := make([]map[graph.Regime]graph.Status, len(dates))
	used := map[string]bool{}
	for i, d := range dates {
		ids[i], want[i] = exposedEntity(t, st, d, used)
		used[ids[i]] = true
	}

	srv, err := httpapi.New(ctx, st, httpapi.Options{Today: func() graph.Date { return gen.AsOf }, StoreRecheck: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	h := srv.Handler()
	get := func(id string, d graph.Date) (int, httpapi.EntityView) {
		u := "/api/v1/entities/" + id
		if d != "" {
			u += "?as_of=" + string(d)
		}
		code, body := serveOnce(h, u)
		var v httpapi.EntityView
		if code == 200 {
			if err := json.Unmarshal(body, &v); err != nil {
				code = -1
			}
		}
		return code, v
	}

	one := peakHeap(func() {
		if code, _ := get(ids[0], ""); code != 200 {
			t.Errorf("the default date: status %d", code)
		}
	})
	codes := make([]int, len(dates))
	views := make([]httpapi.EntityView, len(dates))
	twelve := peakHeap(func() {
		var wg sync.WaitGroup
		for i := range dates {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i], views[i] = get(ids[i], dates[i])
			}()
		}
		wg.Wait()
	})
	for i, d := range dates {
		if codes[i] != 200 {
			t.Errorf("%s as of %s: status %d", ids[i], d, codes[i])
			continue
		}
		got := map[graph.Regime]graph.Status{}
		for _, v := range views[i].Verdicts {
			got[v.Regime] = v.Status
		}
		if fmt.Sprint(got) != fmt.Sprint(want[i]) {
			t.Errorf("%s as of %s: %v, want %v (the whole-store analysis)", ids[i], d, got, want[i])
		}
	}
	t.Logf("%d entities: peak heap %d MiB computing one analysis, %d MiB answering %d dates at once (%.2f×)",
		n, one>>20, twelve>>20, len(dates), float64(twelve)/float64(one))
	if float64(twelve) > 1.5*float64(one) {
		t.Errorf("peak heap with %d dates at once is %d MiB, more than 1.5 × the %d MiB of one analysis",
			len(dates), twelve>>20, one>>20)
	}
}

// generatedStore loads gen.Graph(n, 1) into a SQLite store in a temporary
// folder.
func generatedStore(t *testing.T, n int) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	csv, db := filepath.Join(dir, "csv"), filepath.Join(dir, "gen.db")
	if err := gen.WriteCSV(gen.Graph(n, 1), csv); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	env := cli.Env{Stdout: io.Discard, Stderr: io.Discard}
	if err := cli.Ingest(ctx, env, cli.Config{Store: "sqlite", DB: db}, "csv", []string{csv}, cli.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d generated entities in %v", n, time.Since(start).Round(time.Millisecond))
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// exposedEntity analyses the whole store as of d and returns the first
// entity not in skip whose verdict is not clear under some regime, with
// its status under every engine regime.
func exposedEntity(t *testing.T, st graph.Reader, d graph.Date, skip map[string]bool) (string, map[graph.Regime]graph.Status) {
	t.Helper()
	snap, err := st.Snapshot(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	res, err := exposure.Analyze(snap, exposure.Options{AsOf: d, Regimes: graph.Engines})
	if err != nil {
		t.Fatal(err)
	}
	for _, reg := range graph.Engines {
		for v := range res.Verdicts(reg) {
			if v.Status == graph.StatusClear || skip[v.Entity] {
				continue
			}
			want := map[graph.Regime]graph.Status{}
			for _, r := range graph.Engines {
				want[r] = graph.StatusClear
				if vd, ok := res.Verdict(v.Entity, r); ok {
					want[r] = vd.Status
				}
			}
			return v.Entity, want
		}
	}
	t.Fatalf("no exposed entity as of %s", d)
	return "", nil
}

// peakHeap runs f and returns the largest HeapInuse seen while it ran,
// sampled every 2 ms from a collected heap.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var peak uint64
	stop, done := make(chan struct{}), make(chan struct{})
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapInuse)
	}
	go func() {
		defer close(done)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			sample()
			select {
			case <-stop:
				sample()
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(stop)
	<-done
	return peak
}

// serveOnce answers one GET of u through h.
func serveOnce(h http.Handler, u string) (int, []byte) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
	return rec.Code, rec.Body.Bytes()
}
