package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure/exposuretest"
	"github.com/ownex/ownex/internal/httpapi"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// chainServer serves a store holding the 100,000-company chain of issue
// 15 (X designated, X holds 100 % of C0, C(i) of C(i+1)).
func chainServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "chain.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	snap := exposuretest.Chain(100000)
	load, err := st.Begin(ctx, graph.LoadMeta{Source: "chain", Format: "chain", Files: []string{"chain"}, Checksum: "chain", Started: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	b := &graph.Batch{Entities: snap.Entities, Holdings: snap.Holdings, Designations: snap.Designations}
	var counts graph.Counts
	counts.Add(b)
	if err := load.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := load.Commit(ctx, counts, 0); err != nil {
		t.Fatal(err)
	}
	// The first request as of "today" analyses the whole 100,000-deep
	// chain, reading its designated cone from SQLite: 2 s, but 50 s under
	// the race detector (make test), close to the default deadline of a
	// minute; the deadline here leaves room for a loaded CI machine.
	s, err := httpapi.New(ctx, st, httpapi.Options{Today: func() graph.Date { return "2025-06-30" },
		RequestTimeout: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// TestExplainChainPaged: the explain endpoint on the end of the chain (it
// used to kill the server: fatal error: out of memory) answers a page of
// each proof, says that it is one and how to get the next.
func TestExplainChainPaged(t *testing.T) {
	ts := chainServer(t)
	type page struct {
		Proofs []struct {
			Regime    graph.Regime      `json:"regime"`
			Status    graph.Status      `json:"status"`
			Root      string            `json:"root"`
			Nodes     []graph.Proof     `json:"nodes"`
			Edges     []graph.ProofEdge `json:"edges"`
			NodeCount int               `json:"node_count"`
			Page      *struct {
				Offset, Shown int
				Truncated     bool
				Note          string
			} `json:"page"`
		} `json:"proofs"`
	}
	for _, c := range []struct {
		query               string
		offset, size, edges int
		first, next         string
	}{
		{"", 0, 1000, 1000, "C99999", "node_offset=1000 for the next page"},
		{"?max_nodes=10&node_offset=99995", 99995, 6, 5, "C4", "the last page"}, // X, designated, has no edge into it
	} {
		start := time.Now()
		resp, b := get(t, ts.URL+"/api/v1/entities/C99999/explain"+c.query)
		t.Logf("GET explain%s: %d bytes in %v", c.query, len(b), time.Since(start))
		wantStatus(t, resp, b, 200, "")
		if strings.Contains(string(b), "owner_proof") {
			t.Fatalf("%s: nested proof", c.query)
		}
		var pg page
		if err := json.Unmarshal(b, &pg); err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if len(pg.Proofs) != 3 {
			t.Fatalf("%s: %d proofs", c.query, len(pg.Proofs))
		}
		for _, p := range pg.Proofs {
			if p.Status == graph.StatusClear || p.Root != "C99999" || p.NodeCount != 100001 || len(p.Nodes) != c.size ||
				p.Nodes[0].Entity != c.first || len(p.Edges) != c.edges || p.Page == nil || !p.Page.Truncated ||
				p.Page.Offset != c.offset || p.Page.Shown != c.size || !strings.Contains(p.Page.Note, "of 100001") ||
				!strings.Contains(p.Page.Note, c.next) {
				t.Errorf("%s %s: status %s root %s, %d of %d nodes from %s, %d edges, page %+v",
					c.query, p.Regime, p.Status, p.Root, len(p.Nodes), p.NodeCount, p.Nodes[0].Entity, len(p.Edges), p.Page)
			}
		}
	}
	resp, b := get(t, ts.URL+"/api/v1/entities/C99999/explain?max_nodes=10001")
	wantStatus(t, resp, b, 400, "max_nodes")
}
