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
	"time"
)

// timelineLine is a line of `timeline --format jsonl`.
type timelineLine struct {
	ID       string  `json:"id"`
	Regime   string  `json:"regime"`
	Status   string  `json:"status"`
	From     *string `json:"from"`
	To       *string `json:"to"`
	ShareMin float64 `json:"share_min"`
	ShareMax float64 `json:"share_max"`
	Events   []struct {
		Kind string `json:"kind"`
		Date string `json:"date"`
		Text string `json:"text"`
	} `json:"events"`
}

// shareLine is the part of an analyze jsonl line compared with a timeline.
type shareLine struct {
	ID       string  `json:"id"`
	Regime   string  `json:"regime"`
	Status   string  `json:"status"`
	ShareMin float64 `json:"share_min"`
	ShareMax float64 `json:"share_max"`
}

func decodeLines[T any](t *testing.T, out string) []T {
	t.Helper()
	var rows []T
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%v: %s", err, sc.Text())
		}
		rows = append(rows, v)
	}
	return rows
}

func timelineRaw(t *testing.T, cfg Config, id string, opt TimelineOptions) string {
	t.Helper()
	var out bytes.Buffer
	if err := Timeline(context.Background(), Env{Stdout: &out, Stderr: &bytes.Buffer{}}, cfg, id, opt); err != nil {
		t.Fatalf("timeline %s on %s: %v", id, cfg.Store, err)
	}
	return out.String()
}

func shiftDay(t *testing.T, d string, days int) string {
	tm, err := time.Parse("2006-01-02", d)
	if err != nil {
		t.Fatal(err)
	}
	return tm.AddDate(0, 0, days).Format("2006-01-02")
}

// TestTimelineEndToEnd is issue 17's acceptance 1 on both stores: on the
// demo network and two versions of a UN list, every entity's timeline
// agrees with `analyze --as-of D` on each interval's first and last day
// (and on a day before the first and after the last change), and the
// delisting by version 2 shows with its list version.
func TestTimelineEndToEnd(t *testing.T) {
	partyStores(t, func(t *testing.T, cfg Config) {
		mustIngest(t, cfg, "demodata")
		dir := "../../testdata/versions"
		mustIngest(t, cfg, filepath.Join(dir, "ownership.csv"))
		ingestFormat(t, cfg, "un", filepath.Join(dir, "un-v1.xml"))
		ingestFormat(t, cfg, "un", filepath.Join(dir, "un-v2.xml"))
		var ids []string
		for _, v := range decodeLines[shareLine](t, analyzeRaw(t, cfg, AnalyzeOptions{AsOf: "2024-07-01", Format: "jsonl", All: true})) {
			if !slices.Contains(ids, v.ID) {
				ids = append(ids, v.ID)
			}
		}
		if len(ids) < 30 {
			t.Fatalf("%d entities analysed", len(ids))
		}
		want := map[string]timelineLine{} // "id regime date" → the interval covering date
		dates := map[string]bool{"1900-01-01": true, "2100-01-01": true}
		timelines := map[string][]timelineLine{}
		for _, id := range ids {
			ivs := decodeLines[timelineLine](t, timelineRaw(t, cfg, id, TimelineOptions{Format: "jsonl"}))
			timelines[id] = ivs
			for _, iv := range ivs {
				var days []string
				if iv.From != nil {
					days = append(days, *iv.From)
				} else {
					days = append(days, "1900-01-01")
				}
				if iv.To != nil {
					days = append(days, shiftDay(t, *iv.To, -1))
				} else {
					days = append(days, "2100-01-01")
				}
				for _, d := range days {
					dates[d] = true
					want[iv.ID+" "+iv.Regime+" "+d] = iv
				}
			}
		}
		checked := 0
		for d := range dates {
			for _, v := range decodeLines[shareLine](t, analyzeRaw(t, cfg, AnalyzeOptions{AsOf: d, Format: "jsonl", All: true})) {
				iv, ok := want[v.ID+" "+v.Regime+" "+d]
				if !ok {
					// d is not an end of one of v's intervals: find the covering one.
					for _, x := range timelines[v.ID] {
						if x.Regime == v.Regime && (x.From == nil || *x.From <= d) && (x.To == nil || d < *x.To) {
							iv, ok = x, true
						}
					}
				}
				if !ok || iv.Status != v.Status || iv.ShareMin != v.ShareMin || iv.ShareMax != v.ShareMax {
					t.Errorf("%s under %s as of %s: analyze %s [%v, %v], timeline %+v (found %v)", v.ID, v.Regime, d,
						v.Status, v.ShareMin, v.ShareMax, iv, ok)
				}
				checked++
			}
		}
		if checked < 100 {
			t.Errorf("only %d verdicts checked", checked)
		}
		var got []string
		for _, iv := range timelines["pearl-holding"] {
			if iv.Regime != "uk" {
				continue
			}
			s := fmt.Sprintf("%s from %v", iv.Status, deref(iv.From))
			for _, e := range iv.Events {
				s += " " + e.Kind
			}
			got = append(got, s)
		}
		// KPe.902, listed 2017-08-05, delisted by version 2 (2024-06-20),
		// with version 2's load.
		if w := []string{"clear from ", "owned from 2017-08-05 designation-started",
			"clear from 2024-06-20 designation-ended list-version"}; !slices.Equal(got, w) {
			t.Errorf("pearl-holding under uk: %q, want %q", got, w)
		}
	})
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// TestTimelineTextAndErrors checks the text form on the demo's Lumen
// Energy (a divestment on 2024-03-01, RULES.md V24's shape) and the usage
// errors (exit status 2).
func TestTimelineTextAndErrors(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "demodata")
	got := timelineRaw(t, cfg, "demo:lumen", TimelineOptions{Regime: "ofac", From: "2020-01-01"})
	want := "demo:lumen  Lumen Energy OOO\n\nofac\n" +
		"  2020-01-01   → 2022-04-06      clear        share 0\n" +
		"  2022-04-06   → 2024-03-01      blocked      share 60\n" +
		"      designation of demo:dragunov (ofac RUSSIA-EO14024) started 2022-04-06 (listed)  [demo-sdn:90001 designations.csv:2]\n" +
		"  2024-03-01   → still in force  clear        share 40\n" +
		"      holding demo:dragunov → demo:lumen 60 % ended 2024-03-01  [demo-egrul:7702345678-2015 ownership.csv:36]\n" +
		"      holding demo:sorokina → demo:lumen 40 % ended 2024-03-01  [demo-egrul:7702345678-2015 ownership.csv:37]\n" +
		"      holding demo:dragunov → demo:lumen 40 % started 2024-03-01  [demo-egrul:7702345678-2024 ownership.csv:38]\n" +
		"      holding demo:sorokina → demo:lumen 60 % started 2024-03-01  [demo-egrul:7702345678-2024 ownership.csv:39]\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for name, tc := range map[string]struct {
		id  string
		opt TimelineOptions
	}{
		"unknown entity": {"nobody", TimelineOptions{}},
		"bad from":       {"demo:lumen", TimelineOptions{From: "2020-13-01"}},
		"bad to":         {"demo:lumen", TimelineOptions{To: "soon"}},
		"empty window":   {"demo:lumen", TimelineOptions{From: "2022-01-01", To: "2022-01-01"}},
		"bad format":     {"demo:lumen", TimelineOptions{Format: "csv"}},
		"bad regime":     {"demo:lumen", TimelineOptions{Regime: "un"}},
	} {
		err := Timeline(context.Background(), Env{Stdout: &bytes.Buffer{}}, cfg, tc.id, tc.opt)
		if ExitCode(err) != 2 {
			t.Errorf("%s: %v (exit %d), want exit 2", name, err, ExitCode(err))
		}
	}
}
