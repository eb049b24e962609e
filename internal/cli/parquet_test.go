package cli

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ownex/ownex/internal/pyenv"
)

// The Parquet outputs are read back with DuckDB (Python duckdb from PyPI,
// installed by deploy/python/setup.sh like the networkx baseline's
// networkx). The fixture testdata/parquet/graph was written by hand for
// these tests: X designated under the three regimes from 2021-01-01, X
// holding A (25,50] from 2020-01-01 (an open lower bound), X holding B 60
// from 2019-05-01, B holding C 30, X controlling N.

// duckdbPython returns a Python interpreter that imports duckdb
// (pyenv.Python): without one the test is skipped, saying why, unless
// CI=true: then it fails.
func duckdbPython(t *testing.T) string { return pyenv.Python(t, "duckdb") }

// duckScript runs each query of argv[1:] in one in-memory DuckDB and
// prints their rows as JSON (dates and decimals as text).
const duckScript = `
import sys, json, duckdb
con = duckdb.connect()
print(json.dumps([con.execute(q).fetchall() for q in sys.argv[1:]], default=str))
`

// duckQuery runs queries with DuckDB and returns each query's rows, every
// cell formatted with fmt.Sprint (a list as [a b], NULL as <nil>).
func duckQuery(t *testing.T, py string, queries ...string) [][][]string {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(py, append([]string{"-c", duckScript}, queries...)...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("duckdb: %v: %s", err, stderr.String())
	}
	var res [][][]any
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("duckdb output: %v: %s", err, out)
	}
	cells := make([][][]string, len(res))
	for q, rows := range res {
		for _, row := range rows {
			r := make([]string, len(row))
			for i, c := range row {
				r[i] = fmt.Sprint(c)
			}
			cells[q] = append(cells[q], r)
		}
	}
	return cells
}

// parquetStore loads the fixture into a new SQLite store.
func parquetStore(t *testing.T) Config {
	t.Helper()
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "testdata/parquet/graph")
	return cfg
}

// duckRows joins rows as lines of cells separated by " | ".
func duckRows(rows [][]string) string {
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i] = strings.Join(r, " | ")
	}
	return strings.Join(lines, "\n")
}

// TestAnalyzeParquetDuckDB writes `analyze --format parquet --all` and
// reads it back with DuckDB: as many rows as the JSON lines, the same
// status, shares (exact decimals), openness and flags for every
// (entity, regime), typed columns.
func TestAnalyzeParquetDuckDB(t *testing.T) {
	py := duckdbPython(t)
	cfg := parquetStore(t)
	ctx := context.Background()
	opt := AnalyzeOptions{AsOf: "2025-01-01", All: true, Format: "jsonl"}
	var jsonl bytes.Buffer
	if err := Analyze(ctx, Env{Stdout: &jsonl}, cfg, opt); err != nil {
		t.Fatal(err)
	}
	// The JSON lines as DuckDB prints the Parquet columns.
	var want []string
	for _, l := range strings.Split(strings.TrimSpace(jsonl.String()), "\n") {
		var r struct {
			ID, Regime, Status string
			ShareMin           json.Number `json:"share_min"`
			ShareMax           json.Number `json:"share_max"`
			VotesMin           json.Number `json:"votes_min"`
			VotesMax           json.Number `json:"votes_max"`
			ShareRng           string      `json:"share_range"`
			Flags              []string
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		want = append(want, strings.Join([]string{r.ID, r.Regime, r.Status, dec6(t, r.ShareMin), dec6(t, r.ShareMax),
			fmt.Sprint(strings.HasPrefix(r.ShareRng, "(")), fmt.Sprint(strings.HasSuffix(r.ShareRng, ")")),
			dec6(t, r.VotesMin), dec6(t, r.VotesMax), fmt.Sprint(r.Flags), "<nil>"}, " | "))
	}
	if len(want) != 15 {
		t.Fatalf("jsonl has %d verdicts, want the fixture's 5 entities x 3 regimes:\n%s", len(want), jsonl.String())
	}

	out := filepath.Join(t.TempDir(), "verdicts.parquet")
	opt.Format, opt.Out = "parquet", out
	if err := Analyze(ctx, Env{Stdout: &bytes.Buffer{}}, cfg, opt); err != nil {
		t.Fatal(err)
	}
	src := fmt.Sprintf("read_parquet('%s')", out)
	res := duckQuery(t, py,
		"SELECT count(*) FROM "+src,
		"SELECT id, regime, status, share_min, share_max, share_min_open, share_max_open, votes_min, votes_max, flags, possible_status FROM "+
			src+" ORDER BY id, CASE regime WHEN 'ofac' THEN 0 WHEN 'uk' THEN 1 ELSE 2 END",
		"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "+src+") WHERE column_name IN ('share_min', 'votes_max', 'flags', 'share_min_open', 'possibly_same_as') ORDER BY column_name",
		"SELECT count(*) FROM "+src+" WHERE share_min_open AND share_min = 25 AND share_max = 50 AND NOT share_max_open AND id = 'A'",
		"SELECT id, regime FROM "+src+" WHERE list_contains(flags, 'control-risk')",
	)
	if got := res[0][0][0]; got != "15" {
		t.Errorf("count(*) = %s, want 15", got)
	}
	if got := duckRows(res[1]); got != strings.Join(want, "\n") {
		t.Errorf("DuckDB reads:\n%s\nwant (from the JSON lines):\n%s", got, strings.Join(want, "\n"))
	}
	if got, want := duckRows(res[2]), "flags | VARCHAR[]\npossibly_same_as | JSON\nshare_min | DECIMAL(18,6)\nshare_min_open | BOOLEAN\nvotes_max | DECIMAL(18,6)"; got != want {
		t.Errorf("column types:\n%s\nwant:\n%s", got, want)
	}
	if got := res[3][0][0]; got != "3" {
		t.Errorf("A's (25,50] under 3 regimes: %s rows, want 3", got)
	}
	if got := duckRows(res[4]); got != "N | ofac" {
		t.Errorf("control-risk rows: %q, want N | ofac", got)
	}
}

// dec6 formats a JSON percentage as DuckDB prints a DECIMAL(18,6): 25 is
// 25.000000.
func dec6(t *testing.T, n json.Number) string {
	t.Helper()
	whole, frac, _ := strings.Cut(n.String(), ".")
	if len(frac) > 6 {
		t.Fatalf("percentage %s has more than 6 decimals", n)
	}
	return whole + "." + frac + strings.Repeat("0", 6-len(frac))
}

// TestParquetTerminal: parquet is binary; without --out on a terminal
// analyze and screen refuse it with a usage error (exit 2), before any
// work, writing nothing.
func TestParquetTerminal(t *testing.T) {
	cfg := parquetStore(t)
	ctx := context.Background()
	for name, run := range map[string]func(Env) error{
		"analyze": func(env Env) error { return Analyze(ctx, env, cfg, AnalyzeOptions{Format: "parquet"}) },
		"screen": func(env Env) error {
			return Screen(ctx, env, cfg, "testdata/parquet/counterparties.csv", ScreenOptions{Format: "parquet"})
		},
	} {
		var out bytes.Buffer
		err := run(Env{Stdout: &out, StdoutIsTerminal: true})
		var ue *UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "--out") || out.Len() > 0 {
			t.Errorf("%s: err = %v (wrote %d bytes), want a usage error naming --out", name, err, out.Len())
		}
	}
}

// TestExportParquetDuckDB writes `export parquet` and reads the five files
// back with DuckDB: each file's row count, dates as DATE (a holding's
// start, a designation's listing), a share band with its open lower
// bound, a control basis, and the verdicts as of --as-of with a flag list.
func TestExportParquetDuckDB(t *testing.T) {
	py := duckdbPython(t)
	cfg := parquetStore(t)
	dir := filepath.Join(t.TempDir(), "pq")
	var out bytes.Buffer
	if err := Export(context.Background(), Env{Stdout: &out}, cfg, "parquet", dir, ExportOptions{AsOf: "2025-01-01"}); err != nil {
		t.Fatal(err)
	}
	if want := "wrote 5 entities, 3 holdings, 1 control edges, 3 designations and 15 verdicts (as of 2025-01-01"; !strings.Contains(out.String(), want) {
		t.Errorf("output %q lacks %q", out.String(), want)
	}
	f := func(name string) string {
		return fmt.Sprintf("read_parquet('%s')", filepath.Join(dir, name+".parquet"))
	}
	res := duckQuery(t, py,
		"SELECT (SELECT count(*) FROM "+f("entities")+"), (SELECT count(*) FROM "+f("holdings")+"), (SELECT count(*) FROM "+
			f("control")+"), (SELECT count(*) FROM "+f("designations")+"), (SELECT count(*) FROM "+f("verdicts")+")",
		"SELECT owner, owned, share_min, share_min_open, share_max, share_max_open, votes_min_open, start, typeof(start), \"end\" FROM "+
			f("holdings")+" ORDER BY owned",
		"SELECT entity, regime, listed, typeof(listed), delisted FROM "+f("designations")+" WHERE regime = 'uk'",
		"SELECT controller, controlled, basis FROM "+f("control"),
		"SELECT id, name, kind, stub, source FROM "+f("entities")+" WHERE id = 'N'",
		"SELECT id, status, flags FROM "+f("verdicts")+" WHERE regime = 'eu' ORDER BY id",
	)
	checks := []struct{ what, got, want string }{
		{"counts", duckRows(res[0]), "5 | 3 | 1 | 3 | 15"},
		{"holdings", duckRows(res[1]), "X | A | 25.000000 | true | 50.000000 | false | true | 2020-01-01 | DATE | <nil>\n" +
			"X | B | 60.000000 | false | 60.000000 | false | false | 2019-05-01 | DATE | <nil>\n" +
			"B | C | 30.000000 | false | 30.000000 | false | false | <nil> | DATE | <nil>"},
		{"designation", duckRows(res[2]), "X | uk | 2021-01-01 | DATE | <nil>"},
		{"control", duckRows(res[3]), "X | N | board-appointment"},
		{"entity", duckRows(res[4]), "N | Nord Logistics | company | false | csv"},
		{"eu verdicts", duckRows(res[5]), "A | undetermined | [minority-exposure]\nB | owned | []\nC | clear | [minority-exposure]\n" +
			"N | controlled | [rebuttable]\nX | designated | []"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s:\n%s\nwant:\n%s", c.what, c.got, c.want)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".pq.tmp-*")); len(left) > 0 {
		t.Errorf("temporary folders left: %v", left)
	}
}

// TestScreenParquetDuckDB writes `screen --format parquet` and reads it
// back with DuckDB: one row per counterparty and regime, the status and
// status today of each as in the JSON lines, the lookback row's DATE, a
// band with its open bound, null verdict columns for the unmatched row.
func TestScreenParquetDuckDB(t *testing.T) {
	py := duckdbPython(t)
	cfg := parquetStore(t)
	ctx := context.Background()
	in := "testdata/parquet/counterparties.csv"
	opt := ScreenOptions{AsOf: "2025-01-01", Format: "jsonl"}
	var jsonl bytes.Buffer
	if err := Screen(ctx, Env{Stdout: &jsonl}, cfg, in, opt); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range strings.Split(strings.TrimSpace(jsonl.String()), "\n") {
		var r struct {
			Input struct {
				Line int
				Ref  string
			}
			Match struct {
				Status string
				Entity string
			}
			Verdicts []struct {
				Regime, Status string
				StatusToday    string `json:"status_today"`
			}
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		for _, reg := range []string{"ofac", "uk", "eu"} {
			status, today := "<nil>", "<nil>"
			for _, v := range r.Verdicts {
				if v.Regime == reg {
					status, today = v.Status, cmp.Or(v.StatusToday, v.Status)
				}
			}
			want = append(want, fmt.Sprintf("%d | %s | %s | %s | %s | %s", r.Input.Line, r.Input.Ref, r.Match.Status, reg, status, today))
		}
	}

	out := filepath.Join(t.TempDir(), "screen.parquet")
	opt.Format, opt.Out = "", out // the format from the extension
	if err := Screen(ctx, Env{Stdout: &bytes.Buffer{}}, cfg, in, opt); err != nil {
		t.Fatal(err)
	}
	src := fmt.Sprintf("read_parquet('%s')", out)
	res := duckQuery(t, py,
		"SELECT line, ref, match, regime, status, status_today FROM "+src+
			" ORDER BY line, CASE regime WHEN 'ofac' THEN 0 WHEN 'uk' THEN 1 ELSE 2 END",
		"SELECT entity_id, date, typeof(date), share_min, share_min_open, share_max, share_max_open, flags FROM "+src+" WHERE ref = 'R-1' AND regime = 'eu'",
		"SELECT confidence, entity_id, status, share_min, flags FROM "+src+" WHERE ref = 'R-3' AND regime = 'uk'",
		"SELECT count(*) FROM "+src+" WHERE ref = 'R-2' AND proof LIKE '%Xenon Capital Partners%' AND date IS NULL",
		"SELECT status, share_min, share_min_open, share_max, share_max_open, flags FROM "+src+" WHERE ref = 'R-4' AND regime = 'ofac'",
	)
	checks := []struct{ what, got, want string }{
		{"statuses", duckRows(res[0]), strings.Join(want, "\n")},
		{"lookback row", duckRows(res[1]), "A | 2020-06-30 | DATE | 0.000000 | false | 0.000000 | false | []"},
		{"unmatched row", duckRows(res[2]), "<nil> | <nil> | <nil> | <nil> | []"},
		{"B's proofs", duckRows(res[3]), "3"},
		{"band", duckRows(res[4]), "undetermined | 25.000000 | true | 50.000000 | false | [minority-exposure]"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s:\n%s\nwant:\n%s", c.what, c.got, c.want)
		}
	}
	if len(want) != 12 {
		t.Errorf("the JSON lines give %d rows, want 4 counterparties x 3 regimes", len(want))
	}
}
