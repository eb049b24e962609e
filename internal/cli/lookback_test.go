package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ownex/ownex/graph"
)

// lookbackWant is, per row of testdata/lookback/payments.csv, the status
// under ofac, uk and eu on the row's own date and as of lookbackAsOf
// (RULES.md V24 with X designated from 2021-01-01).
var lookbackWant = []struct {
	ref, date  string
	onDate     [3]graph.Status // ofac, uk, eu
	today      [3]graph.Status
	todayInRow bool // jsonl carries status_today (the row has a date)
}{
	{"P-1", "2020-06-30", st3("clear", "clear", "clear"), st3("clear", "clear", "clear"), true},                // X holds 60, not yet designated
	{"P-2", "2021-06-30", st3("blocked", "owned", "owned"), st3("clear", "clear", "clear"), true},              // designated, 60
	{"P-3", "2022-06-30", st3("blocked", "owned", "owned"), st3("clear", "clear", "clear"), true},              // V24 as of 2022-06-30
	{"P-4", "2024-06-30", st3("clear", "clear", "clear"), st3("clear", "clear", "clear"), true},                // divested to 40
	{"P-5", "", st3("clear", "clear", "clear"), st3("clear", "clear", "clear"), false},                         // no date: --as-of
	{"P-6", "2020-06-30", st3("clear", "clear", "clear"), st3("designated", "designated", "designated"), true}, // X before listing
	{"P-7", "2022-06-30", st3("designated", "designated", "designated"), st3("designated", "designated", "designated"), true},
	{"P-8", "2022-06-30", st3("blocked", "owned", "owned"), st3("clear", "clear", "clear"), true},
}

const lookbackAsOf = "2025-06-30"

var lookbackRegimes = []graph.Regime{graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU}

func st3(a, b, c string) [3]graph.Status {
	return [3]graph.Status{graph.Status(a), graph.Status(b), graph.Status(c)}
}

func lookbackDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "lookback.db")
	mustIngest(t, Config{DB: db}, "../../testdata/lookback/graph")
	return db
}

// screenLookback screens the payments book into format and returns the
// output and stderr.
func screenLookback(t *testing.T, cfg Config, format string) ([]byte, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out."+format)
	var stderr bytes.Buffer
	err := Screen(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &stderr, StderrIsTerminal: true}, cfg,
		"../../testdata/lookback/payments.csv", ScreenOptions{AsOf: lookbackAsOf, Regime: "ofac,uk,eu", Out: out})
	if err != nil {
		t.Fatalf("screen %s: %v", format, err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b, stderr.String()
}

// TestScreenLookback is issue 17 acceptance 2: rows dated before, during
// and after a designation and a divestment (RULES.md V24) give each row's
// status on its own date and its status today, in every output format,
// on both stores.
func TestScreenLookback(t *testing.T) {
	partyStores(t, testScreenLookback)
}

func testScreenLookback(t *testing.T, cfg Config) {
	mustIngest(t, cfg, "../../testdata/lookback/graph")
	t.Run("jsonl", func(t *testing.T) {
		b, stderr := screenLookback(t, cfg, "jsonl")
		// Four distinct dates (2020-06-30, 2021-06-30, 2022-06-30,
		// 2024-06-30); rows P-3, P-7, P-8 share one and P-1, P-6 another.
		if !strings.Contains(stderr, "lookback: 4 distinct row dates, 4 besides 2025-06-30, decided in 4 closure analyses") {
			t.Errorf("stderr lacks the count of analyses per distinct date:\n%s", stderr)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if len(lines) != len(lookbackWant) {
			t.Fatalf("%d lines, want %d", len(lines), len(lookbackWant))
		}
		for i, w := range lookbackWant {
			var row struct {
				Input struct {
					Ref  string `json:"ref"`
					Date string `json:"date"`
				} `json:"input"`
				Verdicts []struct {
					Regime      graph.Regime `json:"regime"`
					Status      graph.Status `json:"status"`
					StatusToday *string      `json:"status_today"`
					Proof       *graph.Proof `json:"proof"`
				} `json:"verdicts"`
			}
			if err := json.Unmarshal([]byte(lines[i]), &row); err != nil {
				t.Fatal(err)
			}
			if row.Input.Ref != w.ref || row.Input.Date != w.date || len(row.Verdicts) != 3 {
				t.Fatalf("line %d: %s", i, lines[i])
			}
			for j, v := range row.Verdicts {
				if v.Regime != lookbackRegimes[j] || v.Status != w.onDate[j] {
					t.Errorf("%s %s: status %s, want %s on %s", w.ref, v.Regime, v.Status, w.onDate[j], w.date)
				}
				if (v.Status != graph.StatusClear) != (v.Proof != nil) {
					t.Errorf("%s %s: status %s with proof %v", w.ref, v.Regime, v.Status, v.Proof != nil)
				}
				switch {
				case !w.todayInRow && v.StatusToday != nil:
					t.Errorf("%s %s: undated row has status_today %q", w.ref, v.Regime, *v.StatusToday)
				case w.todayInRow && (v.StatusToday == nil || graph.Status(*v.StatusToday) != w.today[j]):
					t.Errorf("%s %s: status_today %v, want %s", w.ref, v.Regime, v.StatusToday, w.today[j])
				}
			}
		}
	})
	t.Run("csv", func(t *testing.T) {
		b, _ := screenLookback(t, cfg, "csv")
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		checkLookbackTable(t, recs)
	})
	t.Run("xlsx", func(t *testing.T) {
		b, _ := screenLookback(t, cfg, "xlsx")
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := f.GetRows("Results")
		if err != nil {
			t.Fatal(err)
		}
		checkLookbackTable(t, recs)
	})
	t.Run("html", func(t *testing.T) {
		b, _ := screenLookback(t, cfg, "html")
		page := string(b)
		rowRE := regexp.MustCompile(`(?s)<tr class="m-matched"><td class="num">\d+</td><td>([^<]*)</td>(.*?)</tr>`)
		cellRE := regexp.MustCompile(`(?s)<td class="s-(\w+)">(.*?)</td>`)
		todayRE := regexp.MustCompile(`today: (\w+)`)
		dateRE := regexp.MustCompile(`dated (\d{4}-\d\d-\d\d)`)
		rows := rowRE.FindAllStringSubmatch(page, -1)
		if len(rows) != len(lookbackWant) {
			t.Fatalf("%d matched rows in the page, want %d", len(rows), len(lookbackWant))
		}
		for i, w := range lookbackWant {
			if rows[i][1] != w.ref {
				t.Fatalf("row %d is %s, want %s", i, rows[i][1], w.ref)
			}
			date := ""
			if m := dateRE.FindStringSubmatch(rows[i][2]); m != nil {
				date = m[1]
			}
			if date != w.date {
				t.Errorf("%s: dated %q, want %q", w.ref, date, w.date)
			}
			cells := cellRE.FindAllStringSubmatch(rows[i][2], -1)
			if len(cells) != 3 {
				t.Fatalf("%s: %d regime cells", w.ref, len(cells))
			}
			for j, c := range cells {
				today := todayRE.FindStringSubmatch(c[2])
				if graph.Status(c[1]) != w.onDate[j] || today == nil || graph.Status(today[1]) != w.today[j] {
					t.Errorf("%s %s: cell %q, want %s and today %s", w.ref, lookbackRegimes[j], c[0], w.onDate[j], w.today[j])
				}
			}
		}
		// A's proof as of 2021-06-30 and as of 2022-06-30 are two cards
		// (the ownership spans differ in what they cover, not in the
		// path: each date is explained as of itself).
		for _, want := range []string{"as of 2021-06-30", "as of 2022-06-30"} {
			if !strings.Contains(page, "Argent Shipping Limited (A) — OFAC: <span class=\"s-blocked\">&nbsp;blocked&nbsp;</span> "+want) {
				t.Errorf("page lacks A's OFAC proof %s", want)
			}
		}
	})
}

// checkLookbackTable checks the csv or xlsx results table: the
// <regime>_status columns on the row's date, date and <regime>_status_today.
func checkLookbackTable(t *testing.T, recs [][]string) {
	t.Helper()
	if len(recs) != len(lookbackWant)+1 {
		t.Fatalf("%d rows, want %d and the header", len(recs), len(lookbackWant))
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, h := range []string{"ref", "date", "ofac_status", "ofac_status_today", "uk_status", "uk_status_today", "eu_status", "eu_status_today"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("no column %s in %v", h, recs[0])
		}
	}
	for i, w := range lookbackWant {
		r := recs[i+1]
		for len(r) < len(recs[0]) {
			r = append(r, "") // excelize drops trailing empty cells
		}
		if r[col["ref"]] != w.ref || r[col["date"]] != w.date {
			t.Fatalf("row %d: ref %s date %q, want %s %q", i+1, r[col["ref"]], r[col["date"]], w.ref, w.date)
		}
		for j, reg := range lookbackRegimes {
			got := fmt.Sprintf("%s/%s", r[col[string(reg)+"_status"]], r[col[string(reg)+"_status_today"]])
			if want := fmt.Sprintf("%s/%s", w.onDate[j], w.today[j]); got != want {
				t.Errorf("%s %s: status/today %s, want %s", w.ref, reg, got, want)
			}
		}
	}
}

// TestScreenLookbackBadDate: a date that is not YYYY-MM-DD stops the
// screening with the file and line, exit 2, before the store is opened
// (the store path is a directory that cannot be opened as a database).
func TestScreenLookbackBadDate(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "pay.csv")
	if err := os.WriteFile(in, []byte("ref,name,date\nP-1,Argent Shipping Limited,2022-06-30\nP-2,Argent Shipping Limited,30/06/2022\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, db := range []string{lookbackDB(t), dir} {
		var stdout bytes.Buffer
		err := Screen(context.Background(), Env{Stdout: &stdout, Stderr: &bytes.Buffer{}}, Config{DB: db}, in, ScreenOptions{AsOf: lookbackAsOf})
		if ExitCode(err) != 2 || err == nil || !strings.Contains(err.Error(), "pay.csv: line 3: date \"30/06/2022\"") {
			t.Errorf("db %s: exit %d, err %v; want 2 and pay.csv: line 3", db, ExitCode(err), err)
		}
		if stdout.Len() != 0 {
			t.Errorf("db %s: wrote output %q", db, stdout.String())
		}
	}
}
