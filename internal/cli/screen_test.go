package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	csvsrc "github.com/ownex/ownex/ingest/csv"
	"github.com/ownex/ownex/ingest/ftm"
	"github.com/ownex/ownex/ingest/ofac"
	"github.com/ownex/ownex/internal/gen"
	"github.com/ownex/ownex/internal/report"
	"github.com/ownex/ownex/internal/store/sqlite"
	"github.com/ownex/ownex/resolve"
)

const screenAsOf = "2025-06-30"

// buildScreenStore builds the acceptance store: the OFAC SDN sample
// (ofac-csv), the yente-zala FtM sample, the screening fixture and a
// generated graph of genEntities entities written through Begin, Write and
// Commit.
func buildScreenStore(t testing.TB, genEntities int) string {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "screen.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	glob := func(p string) []string {
		fs, err := filepath.Glob(p)
		if err != nil || len(fs) == 0 {
			t.Fatalf("no files for %s", p)
		}
		return fs
	}
	for _, l := range []struct {
		src   ingest.Source
		files []string
	}{
		{ofac.NewSDN(), glob("../../testdata/ofac/watchman-test-testdata/*.csv")},
		{ftm.New(), glob("../../testdata/ftm/yente-zala/*.json")},
		{csvsrc.New(), glob("../../testdata/screen/graph/*.csv")},
	} {
		if _, err := ingest.Run(ctx, st, l.src, l.files, ingest.Options{}); err != nil {
			t.Fatalf("ingest %v: %v", l.files, err)
		}
	}
	snap := gen.Graph(genEntities, 7)
	load, err := st.Begin(ctx, graph.LoadMeta{Source: "gen", Format: "gen", Files: []string{"gen"}, Checksum: "gen-7", Started: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	var counts graph.Counts
	const batch = 10000
	for i := 0; i < len(snap.Entities); i += batch {
		b := &graph.Batch{Entities: snap.Entities[i:min(i+batch, len(snap.Entities))]}
		counts.Add(b)
		if err := load.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < len(snap.Holdings); i += batch {
		b := &graph.Batch{Holdings: snap.Holdings[i:min(i+batch, len(snap.Holdings))]}
		counts.Add(b)
		if err := load.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	b := &graph.Batch{Controls: snap.Controls, Designations: snap.Designations}
	counts.Add(b)
	if err := load.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := load.Commit(ctx, counts, 0); err != nil {
		t.Fatal(err)
	}
	return db
}

// counterpartiesCSV writes n counterparties drawn from the store's
// entities: exact names, linking identifiers, misspelt names, names
// shared by several parties (ambiguous) and unknown names, each with a
// unique ref. It returns the file and the refs in order.
func counterpartiesCSV(t testing.TB, db string, n int) (string, []string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var named, withID []graph.Entity
	byName := map[string]int{}
	if err := st.Entities(ctx, func(e graph.Entity) error {
		if e.Name == e.ID {
			return nil
		}
		named = append(named, e)
		byName[strings.Join(resolve.NameKey(e.Name), " ")]++
		for _, id := range e.Identifiers {
			if _, _, ok := resolve.LinkKey(id); ok {
				withID = append(withID, e)
				break
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var dups []string
	for _, e := range named {
		if byName[strings.Join(resolve.NameKey(e.Name), " ")] > 1 && !slices.Contains(dups, e.Name) {
			dups = append(dups, e.Name)
		}
	}
	if len(withID) == 0 || len(dups) == 0 {
		t.Fatalf("store has %d entities with identifiers and %d shared names", len(withID), len(dups))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	path := filepath.Join(t.TempDir(), "counterparties.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"ref", "name", "country", "identifiers"})
	refs := make([]string, 0, n)
	for i := range n {
		ref := fmt.Sprintf("R%05d", i+1)
		refs = append(refs, ref)
		var row []string
		switch k := i % 10; {
		case k < 4: // exact name
			e := named[rng.IntN(len(named))]
			row = []string{ref, e.Name, first(e.Countries), ""}
		case k < 6: // identifier, with another spelling of the name
			e := withID[rng.IntN(len(withID))]
			row = []string{ref, strings.ToUpper(e.Name), "", e.Identifiers[0].String()}
		case k < 8: // misspelt
			e := named[rng.IntN(len(named))]
			row = []string{ref, misspell(e.Name, rng), "", ""}
		case k == 8: // ambiguous
			row = []string{ref, dups[rng.IntN(len(dups))], "", ""}
		default: // unknown
			row = []string{ref, fmt.Sprintf("Nonexistent %s Trading %d", strings.Repeat("qx", 1+rng.IntN(3)), rng.IntN(1e6)), "", ""}
		}
		_ = w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path, refs
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// misspell swaps two letters of the name's longest word.
func misspell(name string, rng *rand.Rand) string {
	words := strings.Fields(name)
	best := 0
	for i, w := range words {
		if len([]rune(w)) > len([]rune(words[best])) {
			best = i
		}
	}
	r := []rune(words[best])
	if len(r) < 4 {
		return name
	}
	i := 1 + rng.IntN(len(r)-2)
	r[i], r[i+1] = r[i+1], r[i]
	words[best] = string(r)
	return strings.Join(words, " ")
}

// TestScreenAcceptance is the acceptance test: 10,000
// counterparties screened against a store built from the samples and a
// generated graph; every input row appears exactly once in each format.
func TestScreenAcceptance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 50,000-entity store")
	}
	t0 := time.Now()
	db := buildScreenStore(t, 50_000)
	input, refs := counterpartiesCSV(t, db, 10_000)
	t.Logf("store and input built in %s", time.Since(t0).Round(time.Millisecond))
	dir := t.TempDir()
	for _, format := range []string{"csv", "jsonl", "xlsx", "html"} {
		out := filepath.Join(dir, "screen."+format)
		var stderr bytes.Buffer
		t1 := time.Now()
		err := Screen(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &stderr, StderrIsTerminal: true}, Config{DB: db}, input,
			ScreenOptions{AsOf: screenAsOf, Format: format, Out: out})
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		t.Logf("%s: 10,000 rows screened (store read, analysis and output included) in %s", format, time.Since(t1).Round(time.Millisecond))
		t.Logf("%s", strings.ReplaceAll(stderr.String(), "\r", "\n"))
		var got []string
		switch format {
		case "csv":
			got = csvRefs(t, out)
		case "jsonl":
			got = jsonlRefs(t, out)
		case "xlsx":
			got = xlsxRefs(t, out)
		case "html":
			got = htmlRefs(t, out)
		}
		if !slices.Equal(got, refs) {
			t.Errorf("%s: %d refs in the output, want the %d input refs once each, in order", format, len(got), len(refs))
		}
	}
	// The mix must exercise every match outcome.
	rows := jsonlRows(t, filepath.Join(dir, "screen.jsonl"))
	count := map[string]int{}
	for _, r := range rows {
		count[r.Match.Status+" "+strings.SplitN(r.Match.Method, ":", 2)[0]]++
		for _, v := range r.Verdicts {
			if v.Status != "clear" {
				count["exposed"]++
			}
		}
	}
	t.Logf("outcomes: %v", count)
	for _, k := range []string{"matched identifier", "matched name", "ambiguous name", "unmatched ", "exposed"} {
		if count[k] == 0 {
			t.Errorf("no row with outcome %q: %v", k, count)
		}
	}
}

// BenchmarkScreen10k measures screening 10,000 counterparties against the
// acceptance store (57,000 entities): reading and analysing the store,
// building the match index, then matching, verdicts, reasons, proofs and
// look-through for every row, without output.
//
//	go test ./internal/cli -run '^$' -bench Screen10k -benchtime 5x
func BenchmarkScreen10k(b *testing.B) { benchScreen(b, 10_000) }

func csvRefs(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(recs[0], "ref")
	var out []string
	for _, r := range recs[1:] {
		out = append(out, r[col])
	}
	return out
}

type jsonlRow struct {
	Input struct {
		Ref string `json:"ref"`
	} `json:"input"`
	Match struct {
		Status string `json:"status"`
		Method string `json:"method"`
	} `json:"match"`
	Verdicts []struct {
		Status string `json:"status"`
	} `json:"verdicts"`
}

func jsonlRows(t *testing.T, path string) []jsonlRow {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []jsonlRow
	for line := range strings.Lines(string(b)) {
		var r jsonlRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("jsonl line %q: %v", line, err)
		}
		out = append(out, r)
	}
	return out
}

func jsonlRefs(t *testing.T, path string) []string {
	var out []string
	for _, r := range jsonlRows(t, path) {
		out = append(out, r.Input.Ref)
	}
	return out
}

// xlsxRefs reads the workbook back with excelize and checks its sheets,
// frozen header rows and filters; it returns the refs of the results
// sheet.
func xlsxRefs(t *testing.T, path string) []string {
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{report.SheetResults, report.SheetProofs, report.SheetUnmatched}; !slices.Equal(got, want) {
		t.Errorf("sheets %v, want %v", got, want)
	}
	for _, sh := range f.GetSheetList() {
		p, err := f.GetPanes(sh)
		if err != nil || !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
			t.Errorf("sheet %s: panes %+v %v, want the header row frozen", sh, p, err)
		}
		// The filter: a table over the whole sheet (its autoFilter).
		rows, _ := f.GetRows(sh)
		tables, err := f.GetTables(sh)
		last, _ := excelize.CoordinatesToCellName(len(rows[0]), max(len(rows), 2))
		if err != nil || len(tables) != 1 || tables[0].Range != "A1:"+last {
			t.Errorf("sheet %s: tables %+v %v, want one filtered table over A1:%s", sh, tables, err, last)
		}
	}
	rows, err := f.GetRows(report.SheetResults)
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "ref")
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[col])
	}
	un, err := f.GetRows(report.SheetUnmatched)
	if err != nil {
		t.Fatal(err)
	}
	matched := 0
	mcol := slices.Index(rows[0], "match")
	for _, r := range rows[1:] {
		if r[mcol] == "matched" {
			matched++
		}
	}
	if len(un)-1 != len(rows)-1-matched {
		t.Errorf("unmatched/ambiguous sheet has %d rows, want %d", len(un)-1, len(rows)-1-matched)
	}
	return out
}

var htmlRowRef = regexp.MustCompile(`<tr class="m-[a-z]+"><td class="num">\d+</td><td>([^<]*)</td>`)

func htmlRefs(t *testing.T, path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, bad := range []string{"<script", "<link", "src=\"http", "href=\"http", "@import", "url(http"} {
		if strings.Contains(s, bad) {
			t.Errorf("html is not self-contained: contains %q", bad)
		}
	}
	if !strings.Contains(s, "<svg") {
		t.Error("html has no proof drawing")
	}
	var out []string
	for _, m := range htmlRowRef.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestScreenFormatsAndErrors covers the small fixture through the CLI:
// format inference, bad usage, bad input.
func TestScreenFormatsAndErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	if err := Ingest(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, Config{DB: db}, "csv",
		[]string{"../../testdata/screen/graph"}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	env := Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}
	out := filepath.Join(t.TempDir(), "r.html")
	if err := Screen(context.Background(), env, Config{DB: db}, "../../testdata/screen/counterparties.csv", ScreenOptions{AsOf: screenAsOf, Out: out}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); !bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) {
		t.Errorf("--out r.html did not write html")
	}
	var stdout bytes.Buffer
	if err := Screen(context.Background(), Env{Stdout: &stdout}, Config{DB: db}, "../../testdata/screen/counterparties.csv", ScreenOptions{AsOf: screenAsOf}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stdout.String(), "line,ref,input_name") || !strings.Contains(stdout.String(), "ofac_proof") {
		t.Errorf("default format is not csv: %.200s", stdout.String())
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("ref,country\nA,GB\n"), 0o644)
	for _, c := range []struct {
		input string
		opt   ScreenOptions
	}{
		{"../../testdata/screen/counterparties.csv", ScreenOptions{Format: "pdf"}},
		{"../../testdata/screen/counterparties.csv", ScreenOptions{Regime: "un"}},
		{"missing.csv", ScreenOptions{}},
		{bad, ScreenOptions{Out: filepath.Join(t.TempDir(), "x.csv")}},
	} {
		err := Screen(context.Background(), env, Config{DB: db}, c.input, c.opt)
		if ExitCode(err) != 2 {
			t.Errorf("%s %+v: exit %d (%v), want 2", c.input, c.opt, ExitCode(err), err)
		}
	}
}

// TestReportFormats writes the whole-store summary in both formats.
func TestReportFormats(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	if err := Ingest(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, Config{DB: db}, "csv",
		[]string{"../../testdata/screen/graph"}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"report.html", "report.xlsx"} {
		out := filepath.Join(dir, name)
		if err := Report(context.Background(), Env{Stdout: &bytes.Buffer{}}, Config{DB: db}, ReportOptions{AsOf: screenAsOf, Out: out}); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Largest exposed groups", "Ivan Petrovich Sidorov", "Circle One Ltd", "Epsilon Retail Ltd", "Sidorov Holdings Limited"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Summary", "Groups", "Disagreements", "Over-allocated", "Cycles", "Unknown shares", report.SheetPossible}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets %v, want %v", got, want)
	}
	rows, _ := f.GetRows("Cycles")
	if len(rows) != 2 || !strings.Contains(rows[1][1], "Circle One Ltd") {
		t.Errorf("cycles sheet %v", rows)
	}
	if err := Report(context.Background(), Env{Stdout: &bytes.Buffer{}}, Config{DB: db}, ReportOptions{Format: "csv"}); ExitCode(err) != 2 {
		t.Errorf("--format csv: %v", err)
	}
}
