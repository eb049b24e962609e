package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func runDiff(t *testing.T, cfg Config, a, b string, opt DiffOptions) string {
	t.Helper()
	var out bytes.Buffer
	if err := Diff(context.Background(), Env{Stdout: &out, Stderr: &bytes.Buffer{}}, cfg, []string{a, b}, opt); err != nil {
		t.Fatalf("diff %s %s: %v", a, b, err)
	}
	return out.String()
}

func diffLines(t *testing.T, out string) []DiffLine {
	t.Helper()
	var ls []DiffLine
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var l DiffLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("bad jsonl line %q: %v", sc.Text(), err)
		}
		ls = append(ls, l)
	}
	return ls
}

// summary renders a diff line as "regime change id <- cause kinds and
// entities" for comparison.
func summary(l DiffLine) string {
	var cs []string
	for _, c := range l.Causes {
		cs = append(cs, c.Kind+" "+c.Entity)
	}
	return fmt.Sprintf("%s %s %s <- %s", l.Regime, l.Change, l.ID, strings.Join(cs, "; "))
}

// diffVersionsScenario: two versions of the UN list (testdata/versions):
// KPe.902 is delisted on 2024-06-20 and KPe.903 listed on 2024-05-10. A
// diff between a run as of 2024-03-01 and one as of 2024-07-01 shows the
// delisted and the newly designated parties and every entity whose verdict
// changed because of them, with the designation as the cause (issue
// "monitoring", acceptance 3).
func diffVersionsScenario(t *testing.T, cfg Config) {
	t.Helper()
	dir := "../../testdata/versions"
	mustIngest(t, cfg, filepath.Join(dir, "ownership.csv"))
	ingestFormat(t, cfg, "un", filepath.Join(dir, "un-v1.xml"))
	ingestFormat(t, cfg, "un", filepath.Join(dir, "un-v2.xml"))
	analyzeRaw(t, cfg, AnalyzeOptions{AsOf: "2024-03-01", Format: "jsonl", Save: "march"})
	analyzeRaw(t, cfg, AnalyzeOptions{AsOf: "2024-07-01", Format: "jsonl", Save: "july"})

	want := []string{
		"uk newly-designated un:KPe.903 <- designation-started un:KPe.903",
		"uk delisted un:KPe.902 <- designation-ended un:KPe.902",
		"uk newly-exposed gate-holding <- designation-started un:KPe.903",
		"uk no-longer-exposed pearl-holding <- designation-ended un:KPe.902",
		"eu newly-designated un:KPe.903 <- designation-started un:KPe.903",
		"eu delisted un:KPe.902 <- designation-ended un:KPe.902",
		"eu newly-exposed gate-holding <- designation-started un:KPe.903",
		"eu no-longer-exposed acme <- designation-ended un:KPe.902",
		"eu no-longer-exposed pearl-holding <- designation-ended un:KPe.902",
	}
	for _, sides := range [][2]string{{"march", "july"}, {"2024-03-01", "2024-07-01"}, {"march", "2024-07-01"}} {
		lines := diffLines(t, runDiff(t, cfg, sides[0], sides[1], DiffOptions{Format: "jsonl"}))
		var got []string
		for _, l := range lines {
			got = append(got, summary(l))
			if len(l.Notes) > 0 {
				t.Errorf("diff %v: %s has notes %q", sides, l.ID, l.Notes)
			}
			if l.From != "2024-03-01" || l.To != "2024-07-01" {
				t.Errorf("diff %v: dates %s..%s", sides, l.From, l.To)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("diff %s %s:\n got %q\nwant %q", sides[0], sides[1], got, want)
		}
		for _, l := range lines {
			if l.ID == "pearl-holding" && (l.Before.Status != "owned" || l.Before.ShareRange != "60" || l.After.Status != "clear") {
				t.Errorf("pearl-holding states %+v -> %+v", l.Before, l.After)
			}
			if l.ID == "gate-holding" && (l.After.Status != "owned" || l.After.ShareRange != "75") {
				t.Errorf("gate-holding after %+v", l.After)
			}
			if c := l.Causes[0]; l.ID == "acme" && (c.Date != "2024-06-20" || c.Record != "KPe.902" || c.Regime != "un") {
				t.Errorf("acme cause %+v", c)
			}
		}
	}
	// The reverse diff swaps the sides: KPe.902 newly designated again.
	rev := diffLines(t, runDiff(t, cfg, "july", "march", DiffOptions{Format: "jsonl", Regime: "uk"}))
	if len(rev) != 4 || summary(rev[0]) != "uk newly-designated un:KPe.902 <- designation-ended un:KPe.902" {
		var got []string
		for _, l := range rev {
			got = append(got, summary(l))
		}
		t.Errorf("reverse diff: %q", got)
	}

	text := runDiff(t, cfg, "march", "july", DiffOptions{})
	for _, s := range []string{
		"A: saved run \"march\" (as of 2024-03-01",
		"ofac: no change",
		"uk: 1 newly designated, 1 delisted, 1 newly exposed, 1 no longer exposed",
		"eu: 1 newly designated, 1 delisted, 1 newly exposed, 2 no longer exposed",
		"no longer exposed  acme: owned (share 60) → clear\n      cause: designation of un:KPe.902 (un DPRK) ended 2024-06-20 (delisted)",
		"newly exposed      gate-holding: clear → owned (share 75)\n      cause: designation of un:KPe.903 (un DPRK) started 2024-05-10 (listed)",
		"delisted           un:KPe.902 EASTERN PEARL SHIPPING COMPANY: designated → clear",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("text diff lacks %q:\n%s", s, text)
		}
	}
	var list bytes.Buffer
	if err := Diff(context.Background(), Env{Stdout: &list}, cfg, nil, DiffOptions{List: true}); err != nil {
		t.Fatal(err)
	}
	if s := list.String(); !strings.Contains(s, "march  2024-03-01") || !strings.Contains(s, "july   2024-07-01") {
		t.Errorf("diff --list:\n%s", s)
	}
}

func TestDiffVersionsSQLite(t *testing.T) {
	diffVersionsScenario(t, Config{DB: filepath.Join(t.TempDir(), "ownex.db")})
}

func TestDiffVersionsNeo4j(t *testing.T) {
	cfg, _ := neo4jConfig(t)
	diffVersionsScenario(t, cfg)
}

// TestDiffUndatedChange: a share restated in place (no dated record) after
// a run was saved changes the verdict; diff says the cause cannot be
// determined and that the saved run no longer matches the store.
func TestDiffUndatedChange(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	dir := "../../testdata/versions"
	mustIngest(t, cfg, filepath.Join(dir, "ownership.csv"))
	ingestFormat(t, cfg, "un", filepath.Join(dir, "un-v1.xml"))
	analyzeRaw(t, cfg, AnalyzeOptions{AsOf: "2024-03-01", Format: "jsonl", Save: "before"})
	tmp := t.TempDir()
	writeFile(t, tmp, "ownership.csv", "owner,owned,share,source\nun:KPe.902,pearl-holding,40,registry-pearl\n")
	mustIngest(t, cfg, tmp)
	lines := diffLines(t, runDiff(t, cfg, "before", "2024-03-01", DiffOptions{Format: "jsonl", Regime: "uk"}))
	if len(lines) != 1 || lines[0].ID != "pearl-holding" || lines[0].Change != ChangeCleared || len(lines[0].Causes) != 0 {
		t.Fatalf("diff after an undated change: %+v", lines)
	}
	notes := strings.Join(lines[0].Notes, "\n")
	if !strings.Contains(notes, "cause not determined") || !strings.Contains(notes, `saved run "before" is out of date`) {
		t.Errorf("notes: %s", notes)
	}
}

func TestDiffUsage(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "../../testdata/versions/ownership.csv")
	env := Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}
	ctx := context.Background()
	for _, c := range []struct {
		args []string
		opt  DiffOptions
		want string
	}{
		{[]string{"nope", "2024-01-01"}, DiffOptions{}, "neither a date"},
		{[]string{"2024-13-01", "2024-01-01"}, DiffOptions{}, "not a valid date"},
		{[]string{"2024-01-01"}, DiffOptions{}, "two arguments"},
		{[]string{"2024-01-01", "2024-02-01"}, DiffOptions{Format: "xml"}, "--format"},
		{[]string{"2024-01-01", "2024-02-01"}, DiffOptions{Regime: "xx"}, "unknown regime"},
	} {
		err := Diff(ctx, env, cfg, c.args, c.opt)
		if ExitCode(err) != 2 || !strings.Contains(err.Error(), c.want) {
			t.Errorf("diff %v %+v: %v (exit %d), want %q", c.args, c.opt, err, ExitCode(err), c.want)
		}
	}
	err := Analyze(ctx, env, cfg, AnalyzeOptions{Format: "jsonl", Save: "2024-01-01"})
	if ExitCode(err) != 2 || !strings.Contains(err.Error(), "looks like a date") {
		t.Errorf("analyze --save 2024-01-01: %v", err)
	}
	// A run of some regimes only cannot be compared on the others.
	analyzeRaw(t, cfg, AnalyzeOptions{Format: "jsonl", Regime: "uk", Save: "ukonly"})
	if err := Diff(ctx, env, cfg, []string{"ukonly", "2024-01-01"}, DiffOptions{Regime: "eu"}); ExitCode(err) != 2 {
		t.Errorf("diff on a regime the run lacks: %v", err)
	}
	if out := runDiff(t, cfg, "ukonly", "2024-01-01", DiffOptions{}); !strings.Contains(out, "uk: no change") || strings.Contains(out, "eu:") {
		t.Errorf("diff of a uk-only run:\n%s", out)
	}
}
