package baseline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/graph/exposure/exposuretest"
	"github.com/ownex/ownex/ingest"
	csvsrc "github.com/ownex/ownex/ingest/csv"
	"github.com/ownex/ownex/internal/gen"
)

// snap builds a snapshot from the fact language of exposuretest.Snap.
func snap(t testing.TB, facts string, designated ...string) *graph.Snapshot {
	t.Helper()
	return exposuretest.Snap(t, facts, designated...)
}

// compareAll analyses s with exposure.Analyze and with this package's
// Analyze and reports every entity whose status differs under some
// regime. It returns the engine's status counts per regime.
func compareAll(t testing.TB, s *graph.Snapshot, asOf graph.Date) map[graph.Regime]map[graph.Status]int {
	t.Helper()
	res, err := exposure.Analyze(s, exposure.Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	base, err := Analyze(s, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if base.Len() != res.Len() {
		t.Errorf("baseline has %d nodes, engine %d", base.Len(), res.Len())
	}
	counts := map[graph.Regime]map[graph.Status]int{}
	for _, r := range graph.Engines {
		counts[r] = map[graph.Status]int{}
		diffs := 0
		for v := range res.Verdicts(r) {
			counts[r][v.Status]++
			if got := base.Status(v.Entity, r); got != v.Status {
				if diffs++; diffs <= 10 {
					t.Errorf("%s %s: baseline %s, engine %s", r, v.Entity, got, v.Status)
				}
			}
		}
		if diffs > 10 {
			t.Errorf("%s: %d entities differ in all", r, diffs)
		}
		for id := range base.Exposed(r) {
			if _, ok := res.Verdict(id, r); !ok {
				t.Errorf("%s %s: exposed in the baseline, unknown to the engine", r, id)
			}
		}
	}
	return counts
}

// nonClear renders a regime's non-clear, non-designated baseline statuses
// as "A:blocked B:blocked" in ID order (the notation of
// graph/exposure/vectors_test.go).
func nonClear(res *Result, r graph.Regime) string {
	var out []string
	for id, st := range res.Exposed(r) {
		if st != graph.StatusDesignated {
			out = append(out, id+":"+string(st))
		}
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// TestVectors runs every RULES.md section 3 vector (exposuretest.Vectors,
// shared with the engines' tests): the baseline must give the
// expected statuses, and the engine's status for every entity.
func TestVectors(t *testing.T) {
	for _, tt := range exposuretest.Vectors {
		t.Run(tt.ID, func(t *testing.T) {
			s := snap(t, tt.Facts)
			compareAll(t, s, tt.AsOf)
			res, err := Analyze(s, tt.AsOf)
			if err != nil {
				t.Fatal(err)
			}
			want := map[graph.Regime]string{graph.RegimeOFAC: tt.OFAC, graph.RegimeUK: tt.UK, graph.RegimeEU: tt.EU}
			for _, r := range graph.Engines {
				if got := nonClear(res, r); got != want[r] {
					t.Errorf("%s: got %q, want %q", r, got, want[r])
				}
				for _, p := range []string{"X", "Y", "Z"} {
					if slices.ContainsFunc(s.Entities, func(e graph.Entity) bool { return e.ID == p }) &&
						res.Status(p, r) != graph.StatusDesignated {
						t.Errorf("%s: %s is %s, want designated", r, p, res.Status(p, r))
					}
				}
			}
		})
	}
}

// TestRulesCases compares the baseline with the engine on the closed-bound
// cases of graph/exposure/rules_test.go and a few more: capping, control
// bases without effect, UK conduits, cycles, un seeds, delisting.
func TestRulesCases(t *testing.T) {
	cases := []struct {
		facts      string
		designated []string
	}{
		{"X>A 0-60; N>A 60", nil},
		{"X>A ?; N>A 40", nil},
		{"X>A 25-50", nil},
		{"X>A 60; N>A 50", nil},
		{"X>A 15; Y>A 15", nil},
		{"X=A director; X=B other; X=C political-office; N=D board-appointment", nil},
		{"X>A 30 @j; N>A 30 @j; N>B 60 @j", nil},
		{"X>A 30 @j; N>A 30 @j; X>A 5", nil},
		{"X=A de-facto; A>B 100", nil},
		{"X=A voting-agreement; A>B 51", nil},
		{"X=A dominant-influence; A>B 51/10", nil},
		{"X>A 10/51; A>B 51", nil},
		{"X>A 30; A>B 60; B>C 60; C>A 30", nil},
		{"X>A 50; A>B 60; B>C 60; C>A 30", nil},
		{"X>A 30; X>A 25; A>B 50-100; N>B 25", nil},
		{"X>A 100; A>X 100; X>X 50", nil},
		{"X>A 60", []string{"X:un"}},
		{"X>A 60", []string{"X:ofac:2020-01-01..2023-01-01", "X:uk"}},
		{"X>A 40; Y>A 20; A>B 51; Y>B 30 @k; N>B 30 @k; B>C ?; N>C 49", nil},
	}
	for _, c := range cases {
		t.Run(c.facts, func(t *testing.T) {
			s := snap(t, c.facts, c.designated...)
			for _, asOf := range []graph.Date{"2022-06-30", "2025-06-30"} {
				compareAll(t, s, asOf)
			}
		})
	}
}

// TestVectorFixtures reads every testdata/vectors folder with the generic
// CSV parser and checks the baseline against the hand-written
// expectations (every non-clear verdict) and against the engine.
func TestVectorFixtures(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/vectors/V*")
	if err != nil || len(dirs) < 18 {
		t.Fatalf("want the 18 vector folders, got %d (%v)", len(dirs), err)
	}
	for _, dir := range dirs {
		s := readCSVDir(t, dir)
		expects, _ := filepath.Glob(filepath.Join(dir, "expect@*.txt"))
		for _, exp := range expects {
			asOf := graph.Date(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(exp), "expect@"), ".txt"))
			t.Run(filepath.Base(dir)+"@"+string(asOf), func(t *testing.T) {
				compareAll(t, s, asOf)
				res, err := Analyze(s, asOf)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range graph.Engines {
					for id, st := range res.Exposed(r) {
						got = append(got, id+" "+string(r)+" "+string(st))
					}
				}
				slices.Sort(got)
				data, err := os.ReadFile(exp)
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for line := range strings.Lines(string(data)) {
					if line = strings.TrimSpace(line); line != "" {
						want = append(want, line)
					}
				}
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("got %q\nwant %q", got, want)
				}
			})
		}
	}
}

// readCSVDir parses every CSV file of dir with ownex's generic CSV
// ingester into one snapshot.
func readCSVDir(t testing.TB, dir string) *graph.Snapshot {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: no CSV files (%v)", dir, err)
	}
	s := &graph.Snapshot{}
	err = csvsrc.New().Parse(context.Background(), files, ingest.ParseOptions{}, func(b *graph.Batch) error {
		s.Entities = append(s.Entities, b.Entities...)
		s.Designations = append(s.Designations, b.Designations...)
		s.Holdings = append(s.Holdings, b.Holdings...)
		s.Controls = append(s.Controls, b.Controls...)
		s.SameAs = append(s.SameAs, b.SameAs...)
		return nil
	})
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	return s
}

// TestGenerated compares every entity's status under every regime on
// generated graphs of 20,000 entities, several seeds, as of the generator's
// date and as of a date when other dated holdings and designations are in
// force; then on the same graphs with 50 times more designations (every
// 25th entity, regimes in turn), so that every status occurs by the
// hundred.
func TestGenerated(t *testing.T) {
	const n = 20_000
	for _, seed := range []int64{1, 2, 3, 7} {
		s := gen.Graph(n, seed)
		for _, asOf := range []graph.Date{gen.AsOf, "2022-06-30"} {
			t.Run(fmt.Sprintf("seed%d@%s", seed, asOf), func(t *testing.T) {
				counts := compareAll(t, s, asOf)
				t.Logf("engine statuses: %v", counts)
				exposed := 0
				for _, r := range graph.Engines {
					exposed += counts[r][graph.StatusBlocked] + counts[r][graph.StatusOwned]
				}
				if exposed == 0 {
					t.Errorf("nothing blocked or owned to compare: %v", counts)
				}
			})
		}
		dense := *s
		dense.Designations = slices.Clone(s.Designations)
		regimes := []graph.Regime{graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU, graph.RegimeUN}
		for i := 0; i < len(s.Entities); i += 25 {
			dense.Designations = append(dense.Designations, graph.Designation{Entity: s.Entities[i].ID,
				Regime: regimes[(i/25)%len(regimes)], Listed: "2021-01-01"})
		}
		t.Run(fmt.Sprintf("seed%d-dense", seed), func(t *testing.T) {
			counts := compareAll(t, &dense, gen.AsOf)
			t.Logf("engine statuses: %v", counts)
			for _, r := range graph.Engines {
				c := counts[r]
				if c[graph.StatusDesignated] < 100 || c[graph.StatusBlocked]+c[graph.StatusOwned] < 100 ||
					c[graph.StatusUndetermined] < 10 || (r != graph.RegimeOFAC && c[graph.StatusControlled] == 0) {
					t.Errorf("%s: too few exposed entities to compare: %v", r, c)
				}
			}
		})
	}
}

// TestUnsupported: open bounds and same-as links are refused, not
// silently analysed differently.
func TestUnsupported(t *testing.T) {
	open := snap(t, "X>A (25,50]")
	if _, err := Analyze(open, "2025-06-30"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("open bound: err %v, want ErrUnsupported", err)
	}
	// An open bound out of force is fine.
	dated := snap(t, "X>A (25,50] 2020-01-01..2021-01-01; X>A 60")
	if _, err := Analyze(dated, "2025-06-30"); err != nil {
		t.Errorf("open bound out of force: %v", err)
	}
	same := snap(t, "X>A 60")
	same.SameAs = []graph.SameAs{{A: "A", B: "B"}}
	if _, err := Analyze(same, "2025-06-30"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("same-as: err %v, want ErrUnsupported", err)
	}
}
