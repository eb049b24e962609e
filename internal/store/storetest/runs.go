package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
)

// The part of the contract about saved analysis runs (graph.RunStore):
// a run keeps its non-clear verdicts exactly (open bounds and flags
// included), saving a name again replaces the run, runs are listed oldest
// first, and an unknown name is ErrNotFound.

func runVerdicts() []graph.Verdict {
	return []graph.Verdict{
		{Entity: "t:b", Name: "Beta", Regime: graph.RegimeUK, Status: graph.StatusOwned,
			Share: graph.Range{Lo: pct(50), Hi: pct(100), LoOpen: true}, Votes: graph.Exact(pct(60)),
			Flags: []graph.Flag{graph.FlagJointArrangement}},
		{Entity: "t:a", Name: "Alpha", Regime: graph.RegimeOFAC, Status: graph.StatusBlocked,
			Share: graph.Exact(pct(60)), Votes: graph.Exact(pct(60)), Flags: []graph.Flag{}},
		{Entity: "t:c", Name: "Clear", Regime: graph.RegimeOFAC, Status: graph.StatusClear,
			Share: graph.Exact(0), Votes: graph.Exact(0), Flags: []graph.Flag{}},
		{Entity: "t:p", Name: "Person P", Regime: graph.RegimeOFAC, Status: graph.StatusDesignated,
			Share: graph.Exact(0), Votes: graph.Exact(0), Flags: []graph.Flag{}},
		{Entity: "t:u", Name: "Undet", Regime: graph.RegimeEU, Status: graph.StatusUndetermined,
			Share: graph.Range{Lo: pct(25), Hi: pct(50), LoOpen: true, HiOpen: true}, Votes: graph.Unknown(),
			Flags: []graph.Flag{graph.FlagMinorityExposure, graph.FlagRebuttable}},
	}
}

func seqOf(vs []graph.Verdict) func(yield func(graph.Verdict) bool) {
	return func(yield func(graph.Verdict) bool) {
		for _, v := range vs {
			if !yield(v) {
				return
			}
		}
	}
}

func testRuns(t *testing.T, s graph.Store) {
	ctx := context.Background()
	if runs, err := s.Runs(ctx); err != nil || len(runs) != 0 {
		t.Fatalf("runs of an empty store = %+v, %v", runs, err)
	}
	if _, _, err := s.LoadRun(ctx, "nope"); !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("load of an unknown run: %v, want ErrNotFound", err)
	}
	created := time.Date(2024, 3, 1, 10, 0, 0, 123000000, time.UTC)
	run := graph.SavedRun{Name: "march", AsOf: "2024-03-01", Regimes: []graph.Regime{graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU},
		Created: created, Entities: 5}
	if err := s.SaveRun(ctx, run, seqOf(runVerdicts())); err != nil {
		t.Fatalf("save: %v", err)
	}
	got, vs, err := s.LoadRun(ctx, "march")
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	want := run
	want.Verdicts = 4
	if !got.Created.Equal(created) {
		t.Errorf("created %v, want %v", got.Created, created)
	}
	got.Created = want.Created
	if !reflect.DeepEqual(got, want) {
		t.Errorf("run = %+v, want %+v", got, want)
	}
	var wantV []graph.Verdict
	for _, v := range runVerdicts() {
		if v.Status != graph.StatusClear {
			wantV = append(wantV, v)
		}
	}
	slices.SortFunc(wantV, func(a, b graph.Verdict) int {
		if a.Regime != b.Regime {
			if a.Regime < b.Regime {
				return -1
			}
			return 1
		}
		if a.Entity < b.Entity {
			return -1
		}
		return 1
	})
	if !reflect.DeepEqual(vs, wantV) {
		t.Errorf("verdicts:\n got %+v\nwant %+v", vs, wantV)
	}

	// A second run, then "march" again with fewer verdicts: replaced.
	july := graph.SavedRun{Name: "july", AsOf: "2024-07-01", Regimes: []graph.Regime{graph.RegimeUK},
		Created: created.Add(time.Hour), Entities: 1}
	if err := s.SaveRun(ctx, july, seqOf(runVerdicts()[:1])); err != nil {
		t.Fatalf("save july: %v", err)
	}
	again := run
	again.AsOf, again.Created = "2024-03-02", created.Add(2*time.Hour)
	if err := s.SaveRun(ctx, again, seqOf(runVerdicts()[1:2])); err != nil {
		t.Fatalf("save march again: %v", err)
	}
	got, vs, err = s.LoadRun(ctx, "march")
	if err != nil || got.AsOf != "2024-03-02" || got.Verdicts != 1 || len(vs) != 1 || vs[0].Entity != "t:a" {
		t.Fatalf("march after replacing: %+v %+v %v", got, vs, err)
	}
	runs, err := s.Runs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range runs {
		names = append(names, r.Name)
	}
	if !slices.Equal(names, []string{"july", "march"}) {
		t.Errorf("runs = %v, want july, march (oldest first)", names)
	}
	if _, vs, err := s.LoadRun(ctx, "july"); err != nil || len(vs) != 1 || vs[0].Entity != "t:b" || !vs[0].Share.LoOpen {
		t.Errorf("july: %+v, %v", vs, err)
	}
	// An empty run is kept too.
	if err := s.SaveRun(ctx, graph.SavedRun{Name: "empty", AsOf: "2024-01-01"}, seqOf(nil)); err != nil {
		t.Fatal(err)
	}
	if r, vs, err := s.LoadRun(ctx, "empty"); err != nil || len(vs) != 0 || r.Created.IsZero() {
		t.Errorf("empty run: %+v %v %v", r, vs, err)
	}
}
