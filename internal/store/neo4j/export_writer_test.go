package neo4j_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/neo4j"
)

// TestImportWriterEncoding checks the CSV encoding of ImportWriter without
// a database: quoting, nulls, arrays, line breaks, load statuses.
func TestImportWriterEncoding(t *testing.T) {
	dir := t.TempDir()
	w, err := neo4j.NewImportWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := &graph.StoredEntity{Entity: graph.Entity{ID: "e1", Kind: graph.KindCompany, Name: "Say \"hi\"\nCo",
		Aliases: []string{"A; B", ""}, Countries: []string{"ru"}, Identifiers: []graph.Identifier{
			{Scheme: "lei", Value: "L1", Country: "RU"}, {Scheme: "lei", Value: "L1"}}}, LoadID: 3}
	if err := w.Entity(e); err != nil {
		t.Fatal(err)
	}
	// A second entity with the same identifier: one Identifier node, the first country.
	if err := w.Entity(&graph.StoredEntity{Entity: graph.Entity{ID: "e2", Name: "", Identifiers: []graph.Identifier{
		{Scheme: "lei", Value: "L1", Country: "DE"}}}, LoadID: 3}); err != nil {
		t.Fatal(err)
	}
	if err := w.Link("k1", 3, &graph.Link{From: "e1", ToName: "Somebody", Type: graph.LinkLinkedTo}); err != nil {
		t.Fatal(err)
	}
	if err := w.Link("k2", 3, &graph.Link{From: "e2", ToName: "Somebody", Type: graph.LinkLinkedTo}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)
	for _, r := range []graph.LoadRecord{
		{ID: 1, LoadMeta: graph.LoadMeta{Source: "csv", Format: "csv", Files: []string{"a.csv"}, Started: now}, Status: graph.LoadFailed, Error: "bad", Finished: now, Owner: "host=h&pid=7&start=9"},
		{ID: 3, LoadMeta: graph.LoadMeta{Source: "csv", Format: "csv", Started: now}, Status: graph.LoadRunning},
	} {
		if err := w.Load(&r); err != nil {
			t.Fatal(err)
		}
	}
	plan, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	ents := read("entities.csv")
	if !strings.HasPrefix(ents, "\"e1\",\"Entity\x1eCompany\x1eOwnexImportFixArrays\",\"Say \"\"hi\"\"\nCo\",\"company\",\"A; B\x1e\",\"A; B; \",,\"ru\",") {
		t.Errorf("entities.csv:\n%q", ents)
	}
	// An empty name stays an empty string; a missing kind is unknown.
	if !strings.Contains(ents, "\n\"e2\",\"Entity\x1eUnknown\x1eOwnexImportFixArrays\",\"\",\"unknown\",,\"\",,,") {
		t.Errorf("entities.csv, e2:\n%q", ents)
	}
	if got := read("identifiers.csv"); got != "\"lei:L1\",\"lei\",\"L1\",\"RU\"\n" {
		t.Errorf("identifiers.csv = %q", got)
	}
	if got := read("has_identifier.csv"); got != "\"e1\",\"lei:L1\"\n\"e2\",\"lei:L1\"\n" {
		t.Errorf("has_identifier.csv = %q", got)
	}
	if got := read("mentions.csv"); got != "\"0\",\"Somebody\"\n" {
		t.Errorf("mentions.csv = %q", got)
	}
	loads := read("loads.csv")
	if !strings.Contains(loads, "\"1\",1,\"csv\",\"csv\",\"a.csv\",\"\",\"2025-01-02T03:04:05.000000006Z\",\"failed\",,,\"2025-01-02T03:04:05.000000006Z\",,,,,,,,\"bad\",\"host=h&pid=7&start=9\"\n") ||
		!strings.Contains(loads, "\"3\",3,\"csv\",\"csv\",,\"\",\"2025-01-02T03:04:05.000000006Z\",\"running\",,,,,,,,,,,,\n") {
		t.Errorf("loads.csv:\n%s", loads)
	}
	if got := read("counter.csv"); got != "\"load\",\"load\",3\n" {
		t.Errorf("counter.csv = %q", got)
	}
	if !plan.Multiline || !slices.Contains(plan.Args(""), "--multiline-fields=true") {
		t.Errorf("a name with a line break needs --multiline-fields=true: %v", plan.Args(""))
	}
	if c := plan.Counts; c.Nodes() != 2+1+1+2+1 || c.Relationships() != 2+2 {
		t.Errorf("counts %+v: %d nodes, %d relationships", c, c.Nodes(), c.Relationships())
	}

	// A list value holding the array delimiter is refused.
	w2, err := neo4j.NewImportWriter(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := w2.Entity(&graph.StoredEntity{Entity: graph.Entity{ID: "x", Name: "x", Aliases: []string{"a\x1eb"}}}); err == nil ||
		!strings.Contains(err.Error(), "U+001E") {
		t.Errorf("err = %v, want the array delimiter refused", err)
	}
	// A same-as link is written with its strength and evidence; one
	// without a valid strength is refused, naming it.
	w3dir := t.TempDir()
	w3, err := neo4j.NewImportWriter(w3dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := w3.SameAs("k", 2, &graph.SameAs{A: "a", B: "b", Method: "name", Score: 0.5, Strength: graph.StrengthPossible,
		Evidence: "A ~ B", Provenance: graph.Provenance{Source: "resolve", Record: "r"}}); err != nil {
		t.Fatal(err)
	}
	for _, st := range []graph.LinkStrength{"", "maybe"} {
		err := w3.SameAs("k2", 2, &graph.SameAs{A: "c", B: "d", Method: "name", Strength: st, Provenance: graph.Provenance{Source: "resolve"}})
		if err == nil || !strings.Contains(err.Error(), "c = d") || !strings.Contains(err.Error(), "resolve") {
			t.Errorf("strength %q: err = %v, want the link refused, named", st, err)
		}
	}
	if _, err := w3.Close(); err != nil {
		t.Fatal(err)
	}
	head, err := os.ReadFile(filepath.Join(w3dir, "same_as.header.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(w3dir, "same_as.csv")); err != nil ||
		string(head) != ":START_ID(Entity),:END_ID(Entity),key,method,score:double,strength,evidence,source,record,load_id:long\n" ||
		string(got) != "\"a\",\"b\",\"k\",\"name\",0.5,\"possible\",\"A ~ B\",\"resolve\",\"r\",2\n" {
		t.Errorf("same_as.header.csv, same_as.csv = %q, %q (%v)", head, got, err)
	}
	// A folder with an export already is refused.
	if _, err := neo4j.NewImportWriter(dir); err == nil {
		t.Error("a second export into the same folder was accepted")
	}
}
