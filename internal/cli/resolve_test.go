package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/resolve"
)

// TestSameLEIOneParty: an OFAC record and a GLEIF-style record with the
// same LEI become one party after `ownex resolve`, so that the holding
// reported for the LEI record makes its company blocked (issue 5,
// acceptance 4).
func TestSameLEIOneParty(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	ingestFormat(t, cfg, "ofac-csv", "../../testdata/ofac/watchman-ofactest")
	mustIngest(t, cfg, "../../testdata/resolve-lei")
	opt := AnalyzeOptions{AsOf: "2025-01-01", Format: "jsonl", Regime: "ofac"}
	if got := analyzeLines(t, cfg, opt); contains(got, "q ofac blocked") {
		t.Fatalf("q blocked before resolution: %v", got)
	}
	review := filepath.Join(t.TempDir(), "review.csv")
	var out bytes.Buffer
	if err := Resolve(context.Background(), Env{Stdout: &out}, cfg, ResolveOptions{Review: review}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "linked 1 pairs strongly (1 by identifier, 0 by corroborated name; 0 confirmed links kept)") {
		t.Errorf("resolve summary: %s", out.String())
	}
	if _, err := os.Stat(review); err != nil {
		t.Errorf("review file: %v", err)
	}
	got := analyzeLines(t, cfg, opt)
	for _, want := range []string{"q ofac blocked", "lei:5299007NTWCC3U23WM81 ofac designated", "ofac:33151 ofac designated"} {
		if !contains(got, want) {
			t.Errorf("after resolve, verdicts lack %q: %v", want, got)
		}
	}
	var proof bytes.Buffer
	if err := Explain(context.Background(), Env{Stdout: &proof}, cfg, "q", ExplainOptions{AsOf: "2025-01-01", Regime: "ofac"}); err != nil {
		t.Fatal(err)
	}
	if s := proof.String(); !strings.Contains(s, "OFAC: blocked") || !strings.Contains(s, "one party with its same-as records") || !strings.Contains(s, "record 33151") {
		t.Errorf("proof of q:\n%s", s)
	}
	// Running resolve again replaces its links by the same ones.
	before := sameAs(t, cfg)
	if err := Resolve(context.Background(), Env{Stdout: &bytes.Buffer{}}, cfg, ResolveOptions{}); err != nil {
		t.Fatal(err)
	}
	if after := sameAs(t, cfg); !sameLinks(before, after) {
		t.Errorf("re-running resolve changed the links: %+v -> %+v", before, after)
	}
}

// sameAs returns the store's same-as links.
func sameAs(t *testing.T, cfg Config) []graph.SameAs {
	t.Helper()
	st, err := OpenStore(context.Background(), Env{Stdout: io.Discard, Stderr: io.Discard}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	snap, err := st.Snapshot(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return snap.SameAs
}

func sameLinks(a, b []graph.SameAs) bool {
	m := map[string]graph.SameAs{}
	for _, l := range a {
		m[l.Key()] = l
	}
	for _, l := range b {
		if x, ok := m[l.Key()]; !ok || x.Strength != l.Strength || x.Method != l.Method || x.Evidence != l.Evidence {
			return false
		}
	}
	return len(a) == len(b)
}

// linkOf returns the store's link of source between a and b.
func linkOf(links []graph.SameAs, source, a, b string) (graph.SameAs, bool) {
	p := graph.SameAs{A: a, B: b}.Pair()
	for _, l := range links {
		if l.Source == source && l.Pair() == p {
			return l, true
		}
	}
	return graph.SameAs{}, false
}

// readCSV reads a review file.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func writeCSV(t *testing.T, path string, rows [][]string) {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestResolveReview: possible links in the review file, decisions through
// --accept, --confirm and --reject, kept with who and when, followed by
// later runs; the previous run's links replaced.
func TestResolveReview(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg := Config{DB: filepath.Join(dir, "ownex.db")}
	ingestFormat(t, cfg, "ofac-csv", "../../testdata/ofac/watchman-ofactest")
	mustIngest(t, cfg, "../../testdata/resolve-review")
	review := filepath.Join(dir, "review.csv")
	at := time.Date(2026, 12, 6, 21, 0, 0, 0, time.UTC)
	run := func(opt ResolveOptions) (string, error) {
		var out bytes.Buffer
		opt.Now = func() time.Time { return at }
		err := Resolve(ctx, Env{Stdout: &out, Stderr: &bytes.Buffer{}}, cfg, opt)
		return out.String(), err
	}

	// 1. two name matches without a corroborating attribute: possible;
	// one with an agreeing date of birth: strong; one with another date
	// of birth: vetoed
	out, err := run(ResolveOptions{Review: review})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "linked 1 pairs strongly (0 by identifier, 1 by corroborated name; 0 confirmed links kept), 2 possible links, 1 vetoed") {
		t.Errorf("summary: %s", out)
	}
	links := sameAs(t, cfg)
	for _, p := range [][2]string{{"gb:1", "ofac:48603"}, {"gb:2", "ofac:29702"}} {
		l, ok := linkOf(links, resolve.SourceName, p[0], p[1])
		if !ok || l.Strength != graph.StrengthPossible || l.Method != "name" || !strings.Contains(l.Evidence, "no corroborating attribute") {
			t.Errorf("link %v: %+v %v", p, l, ok)
		}
	}
	if l, ok := linkOf(links, resolve.SourceName, "gb:3", "ofac:10278"); !ok || l.Strength != graph.StrengthStrong ||
		l.Method != "name+birth-date" || !strings.HasSuffix(l.Evidence, "; birth date 1963-07 = 28 Jul 1963") {
		t.Errorf("corroborated link: %+v %v", l, ok)
	}
	if l, ok := linkOf(links, resolve.SourceName, "gb:4", "ofac:15102"); ok {
		t.Errorf("vetoed pair linked: %+v", l)
	}
	rows := readCSV(t, review)
	if strings.Join(rows[0], ",") != "a,a_name,b,b_name,score,strength,evidence,accept" || len(rows) != 4 {
		t.Fatalf("review file: %v", rows)
	}
	for _, r := range rows[1:] {
		switch r[0] {
		case "gb:1":
			r[7] = "Yes"
		case "gb:2":
			r[7] = "reject"
		case "gb:4":
			if r[5] != "vetoed" || !strings.HasSuffix(r[6], "conflict: birth dates 1980 ≠ 12 Oct 1972") {
				t.Errorf("vetoed row %v", r)
			}
			continue
		}
		if r[5] != "possible" {
			t.Errorf("review row %v", r)
		}
	}

	// 2. a bad accept value: usage error naming the line, nothing stored
	bad := filepath.Join(dir, "bad.csv")
	writeCSV(t, bad, [][]string{rows[0], {"gb:1", "", "ofac:48603", "", "", "", "", "maybe"}})
	before := sameAs(t, cfg)
	if _, err := run(ResolveOptions{Accept: bad}); ExitCode(err) != 2 || !strings.Contains(err.Error(), "bad.csv:2") || !strings.Contains(err.Error(), `"maybe"`) {
		t.Errorf("accept maybe: %v (exit %d)", err, ExitCode(err))
	}
	// an unknown id: an error naming the line, nothing stored
	writeCSV(t, bad, [][]string{rows[0], {"gb:1", "", "ofac:48603", "", "", "", "", "y"}, {"gb:1", "", "nobody:1", "", "", "", "", "y"}})
	if _, err := run(ResolveOptions{Accept: bad}); ExitCode(err) != 2 || !strings.Contains(err.Error(), "bad.csv:3: entity nobody:1") {
		t.Errorf("unknown id: %v (exit %d)", err, ExitCode(err))
	}
	if after := sameAs(t, cfg); !sameLinks(before, after) {
		t.Errorf("a refused review file changed the links")
	}

	// 3. accept: one confirmed, one rejected, by alice at a fixed time
	writeCSV(t, review, rows)
	out, err = run(ResolveOptions{Review: review, Accept: review, By: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "stored 2 decisions by alice (1 confirmed, 1 rejected); linked 1 pairs strongly (0 by identifier, 1 by corroborated name; 1 confirmed links kept), 0 possible links") {
		t.Errorf("summary: %s", out)
	}
	links = sameAs(t, cfg)
	confirmed, ok := linkOf(links, graph.SourceReview, "gb:1", "ofac:48603")
	if !ok || confirmed.Strength != graph.StrengthStrong || confirmed.Method != graph.MethodConfirmed ||
		!strings.HasPrefix(confirmed.Evidence, "confirmed by alice at 2026-12-06T21:00:00Z (") || confirmed.Record != "alice 2026-12-06T21:00:00Z" {
		t.Errorf("confirmed link %+v %v", confirmed, ok)
	}
	rejected, ok := linkOf(links, graph.SourceReview, "gb:2", "ofac:29702")
	if !ok || rejected.Strength != graph.StrengthRejected || rejected.Method != graph.MethodRejected ||
		!strings.HasPrefix(rejected.Evidence, "rejected by alice at 2026-12-06T21:00:00Z") {
		t.Errorf("rejected link %+v %v", rejected, ok)
	}
	for _, l := range links {
		if l.Source == resolve.SourceName && l.Pair() != [2]string{"gb:3", "ofac:10278"} {
			t.Errorf("the previous run's link %+v is still there", l)
		}
	}
	if rows := readCSV(t, review); len(rows) != 2 || rows[1][0] != "gb:4" {
		t.Errorf("the decided pairs are proposed again: %v", rows)
	}

	// 4. a later decision on a pair replaces the earlier one
	if out, err = run(ResolveOptions{Reject: true, Pair: []string{"ofac:48603", "gb:1"}, By: "bob"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "stored 1 decisions by bob (0 confirmed, 1 rejected)") || !strings.Contains(out, "0 confirmed links kept") {
		t.Errorf("summary: %s", out)
	}
	n := 0
	for _, l := range sameAs(t, cfg) {
		if l.Pair() == confirmed.Pair() {
			n++
			if l.Strength != graph.StrengthRejected || l.Evidence != "rejected by bob at 2026-12-06T21:00:00Z (command line)" {
				t.Errorf("decision %+v", l)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d links for the pair, want the one decision", n)
	}
}

// TestResolveUsage: the decision flags' shapes.
func TestResolveUsage(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	for _, opt := range []ResolveOptions{
		{Confirm: true, Pair: []string{"a"}},
		{Reject: true},
		{Confirm: true, Reject: true, Pair: []string{"a", "b"}},
		{Accept: "x.csv", Confirm: true, Pair: []string{"a", "b"}},
		{Pair: []string{"a", "b"}},
		{Confirm: true, Pair: []string{"a", "a"}},
		{Accept: filepath.Join(t.TempDir(), "missing.csv")},
		{Threshold: 1.5},
	} {
		err := Resolve(context.Background(), Env{Stdout: &bytes.Buffer{}}, cfg, opt)
		if ExitCode(err) != 2 {
			t.Errorf("%+v: %v (exit %d), want a usage error", opt, err, ExitCode(err))
		}
	}
	if _, err := os.Stat(cfg.DB); err == nil {
		t.Errorf("a usage error created the store")
	}
}
