package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/sqlite"
	"github.com/ownex/ownex/internal/store/storetest"
)

// TestMigrationNoticeOnce: a store made before same-as link strengths
// (schema version 3: same_as without strength and evidence) is migrated
// by the first command that opens it, which says so on stderr, once; the
// next command says nothing. show then gives the name link as a possible
// link, outside the record's party.
func TestMigrationNoticeOnce(t *testing.T) {
	ctx := context.Background()
	cfg := Config{DB: filepath.Join(t.TempDir(), "old.db")}
	st, err := sqlite.Open(ctx, cfg.DB)
	if err != nil {
		t.Fatal(err)
	}
	prov := graph.Provenance{Source: "resolve", Record: "Abdul Samad ~ Abdul Samad"}
	storetest.Load(t, st, graph.LoadMeta{Source: "resolve", Format: "resolve"}, &graph.Batch{
		Entities: []graph.Entity{{ID: "gb:1", Kind: graph.KindPerson, Name: "Abdul Samad", Provenance: prov},
			{ID: "sdn:1", Kind: graph.KindPerson, Name: "Abdul Samad", Provenance: prov}},
		SameAs: []graph.SameAs{{A: "gb:1", B: "sdn:1", Method: "name", Score: 0.9, Strength: graph.StrengthStrong, Provenance: prov}},
	})
	st.Close()
	// Back to the shape of version 3.
	db, err := sql.Open("sqlite", cfg.DB)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`ALTER TABLE same_as DROP COLUMN strength`, `ALTER TABLE same_as DROP COLUMN evidence`,
		`PRAGMA user_version = 3`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	show := func() (stdout, stderr string) {
		t.Helper()
		var out, errb bytes.Buffer
		if err := Show(ctx, Env{Stdout: &out, Stderr: &errb}, cfg, "gb:1", ShowOptions{Format: "json"}); err != nil {
			t.Fatalf("show: %v", err)
		}
		return out.String(), errb.String()
	}
	out, stderr := show()
	notice := "ownex: migrated 1 same-as name link to possible link (issue 13: a name match alone never merges parties); " +
		"run `ownex resolve` again to corroborate them\n"
	if stderr != notice {
		t.Errorf("stderr of the first command = %q, want exactly %q", stderr, notice)
	}
	var d struct {
		Party  []string `json:"party"`
		SameAs []struct {
			B        string `json:"b"`
			Strength string `json:"strength"`
			Evidence string `json:"evidence"`
		} `json:"same_as"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("show --format json: %v\n%s", err, out)
	}
	if !slices.Equal(d.Party, []string{"gb:1"}) || len(d.SameAs) != 1 || d.SameAs[0].Strength != "possible" ||
		d.SameAs[0].Evidence != "Abdul Samad ~ Abdul Samad" {
		t.Errorf("show after the migration: party %v, same-as %+v; want gb:1 alone and a possible link with its names", d.Party, d.SameAs)
	}
	if _, stderr = show(); strings.Contains(stderr, "migrated") {
		t.Errorf("stderr of the second command = %q, want no notice", stderr)
	}
}
