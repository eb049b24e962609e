package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/internal/cli"
	"github.com/ownex/ownex/internal/httpapi"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// Issue 16 item 3, "Parties, not records", in the UI and the API: a search
// lists a party once with all its record ids, and a stub made for a
// cross-reference is shown with the name of the record that refers to it.

const (
	euSample  = "../../testdata/real-lists/eu-fsf-xml/sample_eu_fsf.xml"
	fourLists = "../../testdata/parties/four-lists" // README.md there
)

// partyStore loads inputs ("format path") into a new SQLite store and,
// with resolve, runs `ownex resolve`.
func partyStore(t *testing.T, resolve bool, inputs ...string) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	cfg := cli.Config{DB: filepath.Join(dir, "ownex.db")}
	env := cli.Env{Stdout: io.Discard, Stderr: io.Discard}
	for _, in := range inputs {
		format, path, _ := strings.Cut(in, " ")
		if err := cli.Ingest(ctx, env, cfg, format, []string{path}, cli.IngestOptions{}); err != nil {
			t.Fatalf("ingest %s: %v", in, err)
		}
	}
	if resolve {
		if err := cli.Resolve(ctx, env, cfg, cli.ResolveOptions{Review: filepath.Join(dir, "review.csv")}); err != nil {
			t.Fatal(err)
		}
	}
	st, err := sqlite.Open(ctx, cfg.DB)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func search(t *testing.T, url, q string) []httpapi.SearchHit {
	t.Helper()
	resp, b := get(t, url+"/api/v1/search?q="+urlq(q))
	wantStatus(t, resp, b, 200, "")
	var res httpapi.SearchResult
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	return res.Results
}

// TestUIOnePartyOnFourLists: the person on the OFAC, UK, EU and UN lists
// (testdata/parties/four-lists) is one search result with the four
// record ids, in the API and on the search page.
func TestUIOnePartyOnFourLists(t *testing.T) {
	st := partyStore(t, true, "eu "+euSample, "uk "+fourLists+"/uk.xml", "un "+fourLists+"/un.xml",
		"ofac-csv "+fourLists+"/ofac", "csv "+fourLists+"/register")
	ts := serveStore(t, st, nil)
	party := []string{"eu:6106", "ofac:17456", "uk:LIB0009", "un:LYi.006"}
	for _, q := range []string{"Dorda", "Abu Zayd Umar Dorda", "ofac:17456", "passport:FK117RK0"} {
		hits := search(t, ts.URL, q)
		if len(hits) != 1 || !slices.Equal(hits[0].Party, party) {
			t.Errorf("search %q: %+v, want one hit, party %v", q, hits, party)
		}
	}
	resp, b := get(t, ts.URL+"/?q=Dorda")
	wantStatus(t, resp, b, 200, "")
	page := string(b)
	if n := strings.Count(page, `<a href="/entity/`); n != 1 || !strings.Contains(page, "party: eu:6106, ofac:17456, uk:LIB0009, un:LYi.006") {
		t.Errorf("search page: %d results, want one with the party's four records:\n%s", n, page)
	}
	// The search page counts parties: the EU excerpt's five records, the
	// UK, UN and OFAC entries and the company make nine records and six
	// parties.
	resp, b = get(t, ts.URL+"/")
	wantStatus(t, resp, b, 200, "")
	if !strings.Contains(string(b), "Search 9 records (6 parties)") {
		t.Errorf("search page does not count 9 records and 6 parties:\n%s", b)
	}
	// A party of one record lists no party.
	if hits := search(t, ts.URL, "Sahara Holdings"); len(hits) != 1 || hits[0].ID != "c:1" || hits[0].Party != nil {
		t.Errorf("search Sahara Holdings: %+v", hits)
	}
}

// TestUICrossReferenceStub: with the real EU excerpt alone, un:LYi.006 is
// a stub (the UN record EU entry 6106 refers to): searched by its id it is
// shown with the EU entry's name and the party's records, and its page is
// headed by that name, never by its id alone.
func TestUICrossReferenceStub(t *testing.T) {
	ts := serveStore(t, partyStore(t, false, "eu "+euSample), nil)
	want := search(t, ts.URL, "eu:6106")
	if len(want) != 1 || want[0].Name == "" {
		t.Fatalf("search eu:6106: %+v", want)
	}
	hits := search(t, ts.URL, "un:LYi.006")
	if len(hits) != 1 || hits[0].ID != "un:LYi.006" || hits[0].Name != want[0].Name || !slices.Equal(hits[0].Party, []string{"eu:6106", "un:LYi.006"}) {
		t.Errorf("search un:LYi.006: %+v, want named %q with party [eu:6106 un:LYi.006]", hits, want[0].Name)
	}
	resp, b := get(t, ts.URL+"/entity/un:LYi.006?as_of=2026-01-01")
	wantStatus(t, resp, b, 200, "")
	if page := string(b); !strings.Contains(page, "<h1>"+want[0].Name+" <span") || !strings.Contains(page, "Party: eu:6106, un:LYi.006") {
		t.Errorf("page of un:LYi.006 not headed by %q with its party:\n%s", want[0].Name, page)
	}
}
