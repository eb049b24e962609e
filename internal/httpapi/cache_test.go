package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/cli"
	"github.com/ownex/ownex/internal/httpapi"
)

// TestCacheFollowsTheStore checks that a running server does not keep
// serving the analysis of data that another process has since changed:
// after an ingest into its store (a new OFAC designation of a clear
// entity), a company it holds through another is blocked, and after a
// second ingest (the delisting) it is clear again.
func TestCacheFollowsTheStore(t *testing.T) {
	ctx := context.Background()
	env := cli.Env{Stdout: io.Discard, Stderr: io.Discard}
	st, db := demoDB(t)
	s, err := httpapi.New(ctx, st, httpapi.Options{StoreRecheck: -1, Today: func() graph.Date { return "2025-06-30" }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)

	ofac := func(id string) graph.Status {
		t.Helper()
		resp, b := get(t, ts.URL+"/api/v1/entities/"+id+"?regime=ofac")
		wantStatus(t, resp, b, 200, "")
		var v httpapi.EntityView
		if err := json.Unmarshal(b, &v); err != nil || len(v.Verdicts) != 1 {
			t.Fatalf("%s: %s (%v)", id, b, err)
		}
		return v.Verdicts[0].Status
	}
	// Grant Harbor holds 90 % of Kestrel Media, which holds all of Kestrel Print.
	const who, held = "demo:grant-harbor", "demo:kestrel-print"
	if got := ofac(held); got != graph.StatusClear {
		t.Fatalf("%s is %s before the designation: pick other entities", held, got)
	}

	dir := t.TempDir()
	csv := "entity,regime,program,listed,delisted,source\n" + who + ",ofac,TEST,2020-01-01,,cache-test\n"
	if err := os.WriteFile(filepath.Join(dir, "designations.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := cli.Ingest(ctx, env, cli.Config{Store: "sqlite", DB: db}, "csv", []string{dir}, cli.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := ofac(held); got != graph.StatusBlocked {
		t.Errorf("%s after designating %s: %s, want blocked: the server kept a stale analysis", held, who, got)
	}

	// With a recheck interval, the change shows once the interval has passed.
	s2, err := httpapi.New(ctx, st, httpapi.Options{StoreRecheck: 50 * time.Millisecond, Today: func() graph.Date { return "2025-06-30" }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s2.Close)
	ts2 := httptest.NewServer(s2.Handler())
	t.Cleanup(ts2.Close)
	resp, b := get(t, ts2.URL+"/api/v1/entities/"+held+"?regime=ofac")
	wantStatus(t, resp, b, 200, "")
	csv = "entity,regime,program,listed,delisted,source\n" + who + ",ofac,TEST,2020-01-01,2021-01-01,cache-test\n"
	if err := os.WriteFile(filepath.Join(dir, "designations.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := cli.Ingest(ctx, env, cli.Config{Store: "sqlite", DB: db}, "csv", []string{dir}, cli.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(60 * time.Millisecond)
	ts = ts2
	if got := ofac(held); got != graph.StatusClear {
		t.Errorf("%s after the delisting of %s: %s, want clear again", held, who, got)
	}
}
