package neo4j_test

import (
	"context"
	"strings"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/neo4j"
	"github.com/ownex/ownex/internal/store/neo4j/neo4jtest"
	"github.com/ownex/ownex/internal/store/storetest"
)

// cypher runs one raw write statement on the test server, as a tool
// other than ownex (or an earlier ownex) would.
func cypher(t *testing.T, q string, params map[string]any) {
	t.Helper()
	cfg := neo4jtest.Config(t)
	auth := driver.NoAuth()
	if cfg.User != "" {
		auth = driver.BasicAuth(cfg.User, cfg.Password, "")
	}
	ctx := context.Background()
	drv, err := driver.NewDriverWithContext(cfg.URI, auth)
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close(ctx)
	if _, err := driver.ExecuteQuery(ctx, drv, q, params, driver.EagerResultTransformer); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// TestMigrateLinks: SAME_AS relationships as an ownex before link
// strengths wrote them (no strength, no evidence) fail every read until
// the store is opened again; that open makes the name links possible,
// every other link strong, each with its record as evidence, and says so
// once.
func TestMigrateLinks(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	var old []graph.SameAs
	for _, l := range storetest.LegacyLinks() {
		old = append(old, graph.SameAs{A: l.A, B: l.B, Method: l.Method, Score: 0.9, Strength: graph.StrengthStrong,
			Provenance: graph.Provenance{Source: l.Source, Record: l.Record}})
	}
	storetest.Load(t, st, graph.LoadMeta{Source: "old", Format: "old"}, &graph.Batch{SameAs: old})
	// What the batched writer of an earlier ownex left: no strength, no
	// evidence.
	cypher(t, `MATCH ()-[r:SAME_AS]->() REMOVE r.strength, r.evidence`, nil)

	_, err := st.Snapshot(ctx, "")
	if err == nil || !strings.Contains(err.Error(), "without a strength") || !strings.Contains(err.Error(), "source") {
		t.Errorf("snapshot of links without a strength: err = %v, want a refusal naming the link", err)
	}
	if _, err := st.Detail(ctx, "gb:1"); err == nil || !strings.Contains(err.Error(), "gb:1") {
		t.Errorf("detail of a link without a strength: err = %v, want a refusal naming the link", err)
	}

	cfg := neo4jtest.Config(t)
	again, err := neo4j.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	storetest.CheckMigrated(t, again, again.Migrations())

	third, err := neo4j.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	if n := third.Migrations(); len(n) != 0 {
		t.Errorf("notices of the next open = %q, want none", n)
	}

	// An unknown strength is no missing one: it is not migrated, and
	// reading it fails.
	cypher(t, `MATCH (:Entity {id: 'gb:1'})-[r:SAME_AS]-() SET r.strength = 'maybe'`, nil)
	if _, err := third.Snapshot(ctx, ""); err == nil || !strings.Contains(err.Error(), `"maybe"`) || !strings.Contains(err.Error(), "gb:1") {
		t.Errorf("snapshot of a link of strength maybe: err = %v, want a refusal naming it", err)
	}
}
