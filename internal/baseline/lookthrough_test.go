package baseline

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/internal/cputime"
	"github.com/ownex/ownex/internal/gen"
	"github.com/ownex/ownex/internal/pyenv"
)

// script is the networkx look-through baseline, relative to this package.
const script = "nx/lookthrough.py"

// networkxPython returns a Python interpreter that imports networkx
// (pyenv.Python): without one the caller is skipped, saying why, unless
// CI=true: then it fails.
func networkxPython(tb testing.TB) string { return pyenv.Python(tb, "networkx") }

// nxRun runs the networkx script on the generic CSV folder dir for
// targets and returns its output CSV rows (header dropped), its JSON
// stats and its peak RSS in KiB.
func nxRun(tb testing.TB, py, dir string, targets []string, asOf graph.Date, format string, repeat int) ([][]string, map[string]any, int64) {
	tb.Helper()
	tmp := tb.TempDir()
	tfile, out, stats := filepath.Join(tmp, "targets.txt"), filepath.Join(tmp, "out.csv"), filepath.Join(tmp, "stats.json")
	if err := os.WriteFile(tfile, []byte(strings.Join(targets, "\n")+"\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(py, script, dir, "--as-of", string(asOf), "--targets", tfile, "--format", format,
		"--out", out, "--stats", stats, "--repeat", strconv.Itoa(repeat))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, stderr.String())
	}
	tb.Log(strings.TrimSpace(stderr.String()))
	f, err := os.Open(out)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) == 0 {
		tb.Fatalf("%s: bad output CSV (%v)", out, err)
	}
	data, err := os.ReadFile(stats)
	if err != nil {
		tb.Fatal(err)
	}
	var st map[string]any
	if err := json.Unmarshal(data, &st); err != nil {
		tb.Fatal(err)
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	return rows[1:], st, rss
}

// parseFloat reads a float of the script's output ("inf" for +Inf).
func parseFloat(tb testing.TB, s string) float64 {
	tb.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		tb.Fatalf("bad float %q: %v", s, err)
	}
	return x
}

// near compares look-through percentages: equal infinities, else within
// 1e-9 relative (1e-9 points below 1 %).
func near(a, b float64) bool {
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return a == b
	}
	return math.Abs(a-b) <= 1e-9*max(1, math.Abs(b))
}

// compareLookThrough runs the script on dir for targets and compares
// every party's lower and upper share with exposure.LookThrough on s.
// It returns the number of parties compared.
func compareLookThrough(t *testing.T, py string, s *graph.Snapshot, dir string, targets []string, asOf graph.Date) int {
	t.Helper()
	rows, _, _ := nxRun(t, py, dir, targets, asOf, "rows", 1)
	got := map[string]map[string][2]float64{}
	for _, r := range rows {
		if got[r[0]] == nil {
			got[r[0]] = map[string][2]float64{}
		}
		got[r[0]][r[1]] = [2]float64{parseFloat(t, r[2]), parseFloat(t, r[3])}
	}
	up := NewUpstream(s, asOf)
	x, err := exposure.NewLookThroughIndex(s, asOf)
	if err != nil {
		t.Fatal(err)
	}
	compared, diffs := 0, 0
	report := func(format string, args ...any) {
		if diffs++; diffs <= 20 {
			t.Errorf(format, args...)
		}
	}
	for _, target := range targets {
		want, err := exposure.LookThrough(s, target, asOf)
		if err != nil {
			t.Fatal(err)
		}
		// The index built once (engine-index) gives exactly the same result.
		if idx, err := x.LookThrough(target); err != nil || !reflect.DeepEqual(idx, want) {
			report("%s: index %+v (%v), exposure.LookThrough %+v", target, idx, err, want)
		}
		// The benchmark's path (the upstream closure cut out first) gives
		// the same result.
		sub, err := exposure.LookThrough(up.Snapshot(target), target, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if len(sub.Shares) != len(want.Shares) {
			report("%s: %d parties on the upstream snapshot, %d on the whole", target, len(sub.Shares), len(want.Shares))
		}
		subBy := map[string]exposure.LookThroughShare{}
		for _, sh := range sub.Shares {
			subBy[sh.ID] = sh
		}
		nx := got[target]
		if len(nx) != len(want.Shares) {
			report("%s: networkx lists %d parties, exposure %d", target, len(nx), len(want.Shares))
		}
		for _, sh := range want.Shares {
			compared++
			if o := subBy[sh.ID]; !near(o.Lower, sh.Lower) || !near(o.Upper, sh.Upper) {
				report("%s <- %s: upstream snapshot [%v, %v], whole [%v, %v]", target, sh.ID, o.Lower, o.Upper, sh.Lower, sh.Upper)
			}
			v, ok := nx[sh.ID]
			switch {
			case !ok:
				report("%s <- %s: missing from the networkx output", target, sh.ID)
			case !near(v[0], sh.Lower) || !near(v[1], sh.Upper):
				report("%s <- %s: networkx [%.15g, %.15g] %%, exposure [%.15g, %.15g] %%", target, sh.ID, v[0], v[1], sh.Lower, sh.Upper)
			}
		}
	}
	if diffs > 20 {
		t.Errorf("%d differences in all", diffs)
	}
	return compared
}

// TestNetworkxLookThrough compares the networkx look-through with
// exposure.LookThrough on generated graphs of 3,000 entities (a sample of
// companies, plus every company whose upstream closure has a
// cross-holding group, up to 30, and a person, who has no owners) and on
// hand-made cases: the cross-holding example of docs/LOOKTHROUGH.md, a
// divergent pair, a company holding its own shares, open and unknown
// bounds, dated and parallel holdings, and a ring larger than exposure's
// dense-solve limit.
func TestNetworkxLookThrough(t *testing.T) {
	py := networkxPython(t)
	for _, seed := range []int64{1, 2} {
		t.Run(fmt.Sprintf("gen-seed%d", seed), func(t *testing.T) {
			s := gen.Graph(3000, seed)
			dir := t.TempDir()
			if err := gen.WriteCSV(s, dir); err != nil {
				t.Fatal(err)
			}
			targets := LookThroughSample(s, 60)
			up := NewUpstream(s, gen.AsOf)
			cyclic := 0
			for _, e := range s.Entities {
				if cyclic == 30 {
					break
				}
				if e.Kind != graph.KindCompany || slices.Contains(targets, e.ID) {
					continue
				}
				if res, _ := exposure.LookThrough(up.Snapshot(e.ID), e.ID, gen.AsOf); len(res.Cycles) > 0 {
					targets = append(targets, e.ID)
					cyclic++
				}
			}
			if cyclic == 0 {
				t.Error("no target with a cross-holding group")
			}
			targets = append(targets, s.Entities[0].ID) // a person
			n := compareLookThrough(t, py, s, dir, targets, gen.AsOf)
			t.Logf("%d targets (%d with cross-holdings), %d parties compared", len(targets), cyclic, n)
		})
	}
	t.Run("handmade", func(t *testing.T) {
		s := handmadeLookThrough()
		dir := t.TempDir()
		if err := gen.WriteCSV(s, dir); err != nil {
			t.Fatal(err)
		}
		targets := []string{"C", "T", "T2", "T3", "T4", "T5", "R0"}
		n := compareLookThrough(t, py, s, dir, targets, gen.AsOf)
		// A few values, as docs/LOOKTHROUGH.md derives them.
		res, _ := exposure.LookThrough(s, "T", gen.AsOf)
		for _, sh := range res.Shares {
			if sh.ID == "P" && !math.IsInf(sh.Upper, 1) {
				t.Errorf("divergent pair: P upper %v, want +Inf", sh.Upper)
			}
		}
		t.Logf("%d targets, %d parties compared", len(targets), n)
	})
}

// handmadeLookThrough builds the hand-made look-through cases.
func handmadeLookThrough() *graph.Snapshot {
	s := &graph.Snapshot{}
	seen := map[string]bool{}
	add := func(owner, owned, share string, span ...graph.Date) {
		r, _, err := graph.ParseShare(share)
		if err != nil {
			panic(err)
		}
		h := graph.Holding{Owner: owner, Owned: owned, Share: r, Votes: r,
			Provenance: graph.Provenance{Source: "test", Record: fmt.Sprintf("h%d", len(s.Holdings))}}
		if len(span) == 2 {
			h.Start, h.End = span[0], span[1]
		}
		s.Holdings = append(s.Holdings, h)
		for _, id := range []string{owner, owned} {
			if !seen[id] {
				seen[id] = true
				s.Entities = append(s.Entities, graph.Entity{ID: id, Name: id, Kind: graph.KindCompany})
			}
		}
	}
	// docs/LOOKTHROUGH.md example 2: W(B) = 25/47, W(A) = 15/94...
	add("X", "A", "60")
	add("Z", "A", "20")
	add("B", "A", "20")
	add("A", "B", "30")
	add("Y", "B", "70")
	add("B", "C", "50")
	add("V", "C", "50")
	add("C", "D", "100")
	// Two companies with unknown shares in each other: unbounded upper.
	add("P", "Q", "")
	add("Q", "P", "")
	add("Q", "T", "50")
	add("O", "P", "")
	// A company holding 10 % of its own shares.
	add("S", "S", "10")
	add("O2", "S", "90")
	add("S", "T2", "40")
	// Ranges (docs/LOOKTHROUGH.md example 3).
	add("P3", "Q3", "(25,50]")
	add("R3", "Q3", "60")
	add("Q3", "T3", "80")
	add("U3", "T3", "")
	add("W3", "T3", ">=5")
	// Dated and parallel holdings (two reports adding past 100 %).
	add("X4", "T4", "60", "2020-01-01", "2023-01-01")
	add("X4", "T4", "40", "2023-01-01", "")
	add("M5", "T5", "70")
	add("M5", "T5", "50")
	add("N5", "T5", "<=10")
	// A ring of 450 companies, each holding 50 % of the next, the other
	// halves held from outside: larger than exposure's dense limit.
	const ring = 450
	for i := range ring {
		add("R"+strconv.Itoa(i), "R"+strconv.Itoa((i+1)%ring), "50")
		add("H"+strconv.Itoa(i), "R"+strconv.Itoa(i), "50")
	}
	return s
}

// BenchmarkLookThrough1M times the look-through ownership of the same
// sample of targets (LookThroughSample: 1,000 companies spread over the
// graph; OWNEX_LT_TARGETS changes the number) on gen.Graph(1_000_000, 1):
//
//   - engine: for each target, the upstream closure is cut out of the
//     in-memory snapshot (Upstream.Snapshot, what a store's Upstream read
//     returns) and exposure.LookThrough computes it. The index of holdings
//     by owned entity is built once, untimed (logged).
//   - engine-precut: exposure.LookThrough alone, on the closures cut out
//     beforehand (untimed).
//   - engine-index: exposure.NewLookThroughIndex builds the index of the
//     whole snapshot once, untimed (logged, and reported as build-s: the
//     counterpart of the networkx graph the script builds before its
//     timing), and LookThroughIndex.LookThrough answers each target.
//   - networkx: nx/lookthrough.py on the same graph written as generic
//     CSV (gen.WriteCSV, cached in $TMPDIR/ownex-baseline-gen-csv-1000000-1),
//     in one Python process: the CSV load and graph build are untimed
//     (reported as load-s); the script computes all targets
//     OWNEX_NX_REPEAT times (default 3, at least b.N) and ns/op is its own
//     timing of one pass (cpu-s/op its process CPU time, as the engine's
//     cpu-s/op is); nx-peak-RSS-MiB is the process's peak RSS. The
//     script's per-target summaries (party count, sums of finite lower and
//     upper shares, unbounded counts) must match the engine's and the
//     index's.
//
// All report ns/target. The networkx sub-benchmark skips without a
// Python with networkx (fails with CI=true), like the tests.
//
//	go test ./internal/baseline -run '^$' -bench LookThrough1M -benchmem -count 3
func BenchmarkLookThrough1M(b *testing.B) {
	s := snapshot1M(b)
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("OWNEX_LT_TARGETS")); err == nil && v > 0 {
		n = v
	}
	targets := LookThroughSample(s, n)
	var engine []LookThroughSummary
	engineSummaries := func(up *Upstream) []LookThroughSummary {
		out := make([]LookThroughSummary, 0, len(targets))
		for _, t := range targets {
			res, err := exposure.LookThrough(up.Snapshot(t), t, gen.AsOf)
			if err != nil {
				b.Fatal(err)
			}
			out = append(out, Summarize(res))
		}
		return out
	}
	b.Run("engine", func(b *testing.B) {
		start := time.Now()
		up := NewUpstream(s, gen.AsOf)
		b.Logf("index of holdings by owned entity built in %v", time.Since(start).Round(time.Millisecond))
		b.ReportAllocs()
		b.ResetTimer()
		cpu := cputime.Process()
		for b.Loop() {
			engine = engineSummaries(up)
		}
		b.StopTimer()
		b.ReportMetric((cputime.Process()-cpu).Seconds()/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(targets)), "ns/target")
		parties := 0
		for _, sm := range engine {
			parties += sm.Parties
		}
		b.Logf("%d targets, %d upstream parties", len(targets), parties)
	})
	b.Run("engine-precut", func(b *testing.B) {
		up := NewUpstream(s, gen.AsOf)
		subs := make([]*graph.Snapshot, len(targets))
		for i, t := range targets {
			subs[i] = up.Snapshot(t)
		}
		b.ReportAllocs()
		b.ResetTimer()
		cpu := cputime.Process()
		for b.Loop() {
			for i, t := range targets {
				if _, err := exposure.LookThrough(subs[i], t, gen.AsOf); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.StopTimer()
		b.ReportMetric((cputime.Process()-cpu).Seconds()/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(targets)), "ns/target")
	})
	var indexed []LookThroughSummary
	indexSummaries := func(x *exposure.LookThroughIndex, out []LookThroughSummary) []LookThroughSummary {
		out = out[:0]
		for _, t := range targets {
			res, err := x.LookThrough(t)
			if err != nil {
				b.Fatal(err)
			}
			out = append(out, Summarize(res))
		}
		return out
	}
	b.Run("engine-index", func(b *testing.B) {
		start, cpu := time.Now(), cputime.Process()
		x, err := exposure.NewLookThroughIndex(s, gen.AsOf)
		if err != nil {
			b.Fatal(err)
		}
		build, buildCPU := time.Since(start), cputime.Process()-cpu
		b.Logf("look-through index built once in %v (%.3f CPU-s): %d nodes, %d edges",
			build.Round(time.Millisecond), buildCPU.Seconds(), x.Nodes(), x.Edges())
		indexed = make([]LookThroughSummary, 0, len(targets))
		b.ReportAllocs()
		b.ResetTimer()
		cpu = cputime.Process()
		for b.Loop() {
			indexed = indexSummaries(x, indexed)
		}
		b.StopTimer()
		b.ReportMetric((cputime.Process()-cpu).Seconds()/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(targets)), "ns/target")
		b.ReportMetric(build.Seconds(), "build-s")
	})
	b.Run("networkx", func(b *testing.B) {
		py := networkxPython(b)
		dir := csv1M(b, s)
		b.ResetTimer()
		repeat := 3
		if v, err := strconv.Atoi(os.Getenv("OWNEX_NX_REPEAT")); err == nil && v > 0 {
			repeat = v
		}
		repeat = max(repeat, b.N)
		rows, st, rss := nxRun(b, py, dir, targets, gen.AsOf, "summary", repeat)
		computeS, _ := st["compute_s"].(float64)
		computeCPU, _ := st["compute_cpu_s"].(float64)
		loadS, _ := st["load_s"].(float64)
		b.ReportMetric(computeCPU/float64(repeat), "cpu-s/op")
		b.ReportMetric(computeS*1e9/float64(repeat), "ns/op")
		b.ReportMetric(computeS*1e9/float64(repeat)/float64(len(targets)), "ns/target")
		b.ReportMetric(loadS, "load-s")
		b.ReportMetric(float64(rss)/1024, "nx-peak-RSS-MiB")
		if engine == nil {
			engine = engineSummaries(NewUpstream(s, gen.AsOf))
		}
		if indexed == nil {
			x, err := exposure.NewLookThroughIndex(s, gen.AsOf)
			if err != nil {
				b.Fatal(err)
			}
			indexed = indexSummaries(x, nil)
		}
		if len(rows) != len(targets) {
			b.Fatalf("networkx summarised %d targets, want %d", len(rows), len(targets))
		}
		compareSummaries(b, rows, targets, "engine", engine)
		compareSummaries(b, rows, targets, "engine-index", indexed)
	})
}

// compareSummaries checks the networkx script's per-target summaries
// (rows, in the order of targets) against one engine variant's: the same
// party and unbounded counts, and sums within near.
func compareSummaries(b *testing.B, rows [][]string, targets []string, variant string, summaries []LookThroughSummary) {
	b.Helper()
	diffs := 0
	for i, r := range rows {
		want := summaries[i]
		parties, _ := strconv.Atoi(r[1])
		infLo, _ := strconv.Atoi(r[4])
		infHi, _ := strconv.Atoi(r[5])
		if r[0] != targets[i] || parties != want.Parties || infLo != want.InfLower || infHi != want.InfUpper ||
			!near(parseFloat(b, r[2]), want.SumLower) || !near(parseFloat(b, r[3]), want.SumUpper) {
			if diffs++; diffs <= 10 {
				b.Errorf("target %s: networkx %v, %s %+v", targets[i], r, variant, want)
			}
		}
	}
	if diffs > 0 {
		b.Errorf("%s: %d of %d target summaries differ from networkx", variant, diffs, len(targets))
	}
}

// csv1M writes s (the 1M graph) as generic CSV once into a cache folder
// keyed by size and seed, rewritten when the snapshot's content (a hash of
// its entities' kinds, holdings, control edges and designations) changes,
// as it does when internal/gen changes.
func csv1M(b *testing.B, s *graph.Snapshot) string {
	dir := filepath.Join(os.TempDir(), "ownex-baseline-gen-csv-1000000-1")
	h := fnv.New64a()
	for _, e := range s.Entities {
		fmt.Fprintln(h, e.ID, e.Kind)
	}
	for _, x := range s.Holdings {
		fmt.Fprintln(h, x.Owner, x.Owned, x.Share, x.Votes, x.Arrangement, x.Start, x.End)
	}
	for _, c := range s.Controls {
		fmt.Fprintln(h, c.Controller, c.Controlled, c.Basis, c.Start, c.End)
	}
	for _, d := range s.Designations {
		fmt.Fprintln(h, d.Entity, d.Regime, d.Listed, d.Delisted)
	}
	stamp := fmt.Sprintf("%d entities, %d holdings, %d controls, %d designations, content %016x\n",
		len(s.Entities), len(s.Holdings), len(s.Controls), len(s.Designations), h.Sum64())
	if data, err := os.ReadFile(filepath.Join(dir, "STAMP")); err == nil && string(data) == stamp {
		return dir
	}
	start := time.Now()
	if err := gen.WriteCSV(s, dir); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "STAMP"), []byte(stamp), 0o644); err != nil {
		b.Fatal(err)
	}
	b.Logf("wrote %s in %v", dir, time.Since(start).Round(time.Millisecond))
	return dir
}
