package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
)

// Run runs the contract suite. open must return a new, empty store; Run
// closes it at the end of each subtest.
func Run[S graph.Store](t *testing.T, open func(t *testing.T) S) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s graph.Store)
	}{
		{"IdempotentReingest", testIdempotent},
		{"UpsertReplacesShare", testUpsertShare},
		{"EntityReplaced", testEntityReplaced},
		{"Stubs", testStubs},
		{"Provenance", testProvenance},
		{"LoadLog", testLoadLog},
		{"Abort", testAbort},
		{"InterruptedLoadConverges", testConverges},
		{"AsOf", testAsOf},
		{"Upstream", testUpstream},
		{"UpstreamAsOf", testUpstreamAsOf},
		{"EntityNotFound", testNotFound},
		{"SameAsKey", testSameAs},
		{"SameAsStrength", testSameAsStrength},
		{"SameAsRefused", testSameAsRefused},
		{"SameAsIdempotent", testSameAsIdempotent},
		{"SameAsDecision", testSameAsDecision},
		{"Party", testParty},
		{"ReplaceSameAs", testReplaceSameAs},
		{"RichEntity", testRichEntity},
		{"ListVersions", testListVersions},
		{"PartialListVersion", testPartialListVersion},
		{"EntityHistory", testEntityHistory},
		{"Entities", testEntities},
		{"Downstream", testDownstream},
		{"SavedRuns", testRuns},
		{"ChangeReports", testChanges},
		{"StreamSnapshot", testStream},
		{"StreamUpstream", testStreamUpstream},
		{"StreamConeExact", testConeExact},
		{"StreamConeVerdicts", testConeVerdicts},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

func pct(n int64) graph.Pct { return graph.Pct(n) * graph.PctScale }

func prov(rec string) graph.Provenance { return graph.Provenance{Source: "test", Record: rec} }

func meta(name string) graph.LoadMeta {
	return graph.LoadMeta{Source: "test", Format: "test", Files: []string{name}, Checksum: "sum-" + name,
		Started: time.Now().UTC()}
}

// load writes batches as one committed load named name.
func load(t *testing.T, s graph.Store, name string, batches ...*graph.Batch) {
	t.Helper()
	Load(t, s, meta(name), batches...)
}

func counts(t *testing.T, s graph.Store) graph.Counts {
	t.Helper()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatalf("counts: %v", err)
	}
	return c
}

func snapshot(t *testing.T, s graph.Store, asOf graph.Date) *graph.Snapshot {
	t.Helper()
	snap, err := s.Snapshot(context.Background(), asOf)
	if err != nil {
		t.Fatalf("snapshot %q: %v", asOf, err)
	}
	return snap
}

func entity(t *testing.T, s graph.Store, id string) graph.Entity {
	t.Helper()
	e, err := s.Entity(context.Background(), id)
	if err != nil {
		t.Fatalf("entity %s: %v", id, err)
	}
	return e
}

// sample is a small network with every kind of record.
func sample() *graph.Batch {
	return &graph.Batch{
		Entities: []graph.Entity{
			{ID: "t:p", Kind: graph.KindPerson, Name: "Person P", Aliases: []string{"P", "Pee"},
				Identifiers: []graph.Identifier{{Scheme: "tax", Value: "123"}}, Countries: []string{"RU"},
				Provenance: prov("entities.csv:2")},
			{ID: "t:a", Kind: graph.KindCompany, Name: "Alpha", Provenance: prov("entities.csv:3")},
		},
		Designations: []graph.Designation{
			{Entity: "t:p", Regime: graph.RegimeOFAC, Program: "RUSSIA-EO14024", Listed: "2022-03-01",
				Provenance: prov("designations.csv:2")},
		},
		Holdings: []graph.Holding{
			{Owner: "t:p", Owned: "t:a", Share: graph.Exact(pct(60)), Votes: graph.Exact(pct(60)),
				Provenance: prov("ownership.csv:2")},
			{Owner: "t:a", Owned: "t:b", Share: graph.Range{Lo: pct(25), Hi: pct(50)},
				Votes: graph.Unknown(), Arrangement: "j1", Span: graph.Span{Start: "2020-01-01"},
				Provenance: prov("ownership.csv:3")},
		},
		Controls: []graph.Control{
			{Controller: "t:p", Controlled: "t:b", Basis: graph.BasisBoardAppointment,
				Provenance: prov("control.csv:2")},
		},
		SameAs: []graph.SameAs{
			{A: "t:p", B: "t:p2", Method: "identifier:tax", Score: 1, Strength: graph.StrengthStrong, Evidence: "tax:123",
				Provenance: prov("sameas:1")},
		},
	}
}

func testIdempotent(t *testing.T, s graph.Store) {
	load(t, s, "one", sample())
	want := graph.Counts{Entities: 4, Designations: 1, Holdings: 2, Controls: 1, SameAs: 1}
	if got := counts(t, s); got != want {
		t.Fatalf("counts after first load = %+v, want %+v", got, want)
	}
	first := snapshot(t, s, "")
	load(t, s, "two", sample())
	if got := counts(t, s); got != want {
		t.Fatalf("counts after second load = %+v, want %+v", got, want)
	}
	second := snapshot(t, s, "")
	normalize(first)
	normalize(second)
	if !reflect.DeepEqual(first, second) {
		t.Errorf("snapshot changed on re-ingest:\nfirst  %+v\nsecond %+v", first, second)
	}
}

func testUpsertShare(t *testing.T, s graph.Store) {
	h := graph.Holding{Owner: "t:x", Owned: "t:y", Share: graph.Exact(pct(30)), Votes: graph.Exact(pct(30)),
		Provenance: prov("r1")}
	load(t, s, "one", &graph.Batch{Holdings: []graph.Holding{h}})
	h.Share, h.Votes = graph.Exact(pct(60)), graph.Range{Lo: pct(50), Hi: pct(75)}
	h.Record = "r2"
	load(t, s, "two", &graph.Batch{Holdings: []graph.Holding{h}})
	snap := snapshot(t, s, "")
	if len(snap.Holdings) != 1 {
		t.Fatalf("holdings = %+v, want one", snap.Holdings)
	}
	got := snap.Holdings[0]
	if got.Share != graph.Exact(pct(60)) || got.Votes != (graph.Range{Lo: pct(50), Hi: pct(75)}) {
		t.Errorf("share/votes = %v/%v, want 60/50-75", got.Share, got.Votes)
	}
	if got.Record != "r2" {
		t.Errorf("record = %q, want the latest r2", got.Record)
	}
	// Exact fixed point survives the round trip.
	h2 := graph.Holding{Owner: "t:x", Owned: "t:z", Share: graph.Exact(49_999_999), Votes: graph.Exact(50_000_001),
		Provenance: prov("r3")}
	load(t, s, "three", &graph.Batch{Holdings: []graph.Holding{h2}})
	for _, h := range snapshot(t, s, "").Holdings {
		if h.Owned == "t:z" && (h.Share.Lo != 49_999_999 || h.Votes.Hi != 50_000_001) {
			t.Errorf("exact shares changed: %v %v", h.Share, h.Votes)
		}
	}
}

func testEntityReplaced(t *testing.T, s graph.Store) {
	e := graph.Entity{ID: "t:e", Kind: graph.KindCompany, Name: "Old", Aliases: []string{"A1", "A2"},
		Identifiers: []graph.Identifier{{Scheme: "lei", Value: "L1"}, {Scheme: "tax", Value: "T1"}},
		Countries:   []string{"GB", "CY"}, Provenance: prov("e:1")}
	load(t, s, "one", &graph.Batch{Entities: []graph.Entity{e}})
	got := entity(t, s, "t:e")
	if !reflect.DeepEqual(got, e) {
		t.Fatalf("entity round trip:\n got %+v\nwant %+v", got, e)
	}
	e2 := graph.Entity{ID: "t:e", Kind: graph.KindPerson, Name: "New", Aliases: []string{"B1"},
		Countries: []string{"RU"}, Provenance: prov("e:2")}
	load(t, s, "two", &graph.Batch{Entities: []graph.Entity{e2}})
	got = entity(t, s, "t:e")
	if !reflect.DeepEqual(got, e2) {
		t.Fatalf("entity after replacement:\n got %+v\nwant %+v", got, e2)
	}
	if c := counts(t, s); c.Entities != 1 {
		t.Errorf("entities = %d, want 1", c.Entities)
	}
	snap := snapshot(t, s, "")
	if len(snap.Entities) != 1 || !reflect.DeepEqual(snap.Entities[0], e2) {
		t.Errorf("snapshot entities = %+v, want [%+v]", snap.Entities, e2)
	}
}

func testStubs(t *testing.T, s graph.Store) {
	// Relation endpoints without entity rows become stubs.
	load(t, s, "one", &graph.Batch{
		Holdings: []graph.Holding{{Owner: "t:o", Owned: "t:c", Share: graph.Unknown(), Votes: graph.Unknown(),
			Provenance: prov("h:1")}},
		Controls:     []graph.Control{{Controller: "t:k", Controlled: "t:c", Basis: graph.BasisOther, Provenance: prov("c:1")}},
		Designations: []graph.Designation{{Entity: "t:d", Regime: graph.RegimeUK, Provenance: prov("d:1")}},
	})
	for _, id := range []string{"t:o", "t:c", "t:k", "t:d"} {
		e := entity(t, s, id)
		if e.Name != id || e.Kind != graph.KindUnknown {
			t.Errorf("stub %s = %+v, want name %s kind unknown", id, e, id)
		}
	}
	// A real entity replaces a stub...
	real := graph.Entity{ID: "t:o", Kind: graph.KindPerson, Name: "Owner O", Provenance: prov("e:1")}
	load(t, s, "two", &graph.Batch{Entities: []graph.Entity{real}})
	if e := entity(t, s, "t:o"); e.Name != "Owner O" || e.Kind != graph.KindPerson {
		t.Errorf("after real row: %+v", e)
	}
	// ...and a later relation does not turn it back into a stub, even in
	// the same batch as (after) the entity, or in a new load.
	load(t, s, "three", &graph.Batch{
		Entities: []graph.Entity{{ID: "t:n", Kind: graph.KindCompany, Name: "New Co", Provenance: prov("e:2")}},
		Holdings: []graph.Holding{
			{Owner: "t:o", Owned: "t:n", Share: graph.Exact(pct(10)), Votes: graph.Exact(pct(10)), Provenance: prov("h:2")},
		},
	})
	if e := entity(t, s, "t:o"); e.Name != "Owner O" || e.Kind != graph.KindPerson || e.Record != "e:1" {
		t.Errorf("stub overwrote a real entity: %+v", e)
	}
	if e := entity(t, s, "t:n"); e.Name != "New Co" {
		t.Errorf("stub overwrote an entity of the same batch: %+v", e)
	}
	if c := counts(t, s); c.Entities != 5 {
		t.Errorf("entities = %d, want 5", c.Entities)
	}
}

func testProvenance(t *testing.T, s graph.Store) {
	want := sample()
	load(t, s, "one", want)
	snap := snapshot(t, s, "")
	for _, e := range want.Entities {
		if got := entity(t, s, e.ID); got.Provenance != e.Provenance {
			t.Errorf("entity %s provenance = %+v, want %+v", e.ID, got.Provenance, e.Provenance)
		}
	}
	recs := func(p []graph.Provenance) []graph.Provenance {
		slices.SortFunc(p, func(a, b graph.Provenance) int { return strings.Compare(a.Record, b.Record) })
		return p
	}
	var got, exp []graph.Provenance
	for _, d := range snap.Designations {
		got = append(got, d.Provenance)
	}
	for _, h := range snap.Holdings {
		got = append(got, h.Provenance)
	}
	for _, c := range snap.Controls {
		got = append(got, c.Provenance)
	}
	for _, x := range snap.SameAs {
		got = append(got, x.Provenance)
	}
	for _, d := range want.Designations {
		exp = append(exp, d.Provenance)
	}
	for _, h := range want.Holdings {
		exp = append(exp, h.Provenance)
	}
	for _, c := range want.Controls {
		exp = append(exp, c.Provenance)
	}
	for _, x := range want.SameAs {
		exp = append(exp, x.Provenance)
	}
	if g, w := recs(got), recs(exp); !reflect.DeepEqual(g, w) {
		t.Errorf("relation provenance = %+v, want %+v", g, w)
	}
	// Full round trip of the relations.
	normalize(snap)
	if !reflect.DeepEqual(snap.Holdings, sortedHoldings(want.Holdings)) {
		t.Errorf("holdings = %+v, want %+v", snap.Holdings, want.Holdings)
	}
	if !reflect.DeepEqual(snap.Designations, want.Designations) {
		t.Errorf("designations = %+v, want %+v", snap.Designations, want.Designations)
	}
	if !reflect.DeepEqual(snap.Controls, want.Controls) {
		t.Errorf("controls = %+v, want %+v", snap.Controls, want.Controls)
	}
}

func testLoadLog(t *testing.T, s graph.Store) {
	ctx := context.Background()
	b := sample()
	m := meta("net.csv")
	m.Files = []string{"a.csv", "b.csv"}
	before := time.Now().Add(-time.Second)
	l, err := s.Begin(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	running, err := s.Loads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(running) != 1 || running[0].Status != graph.LoadRunning {
		t.Fatalf("load log during the load = %+v, want one running entry", running)
	}
	if err := l.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	var c graph.Counts
	c.Add(b)
	if err := l.Commit(ctx, c, 3); err != nil {
		t.Fatal(err)
	}
	log, err := s.Loads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 {
		t.Fatalf("load log = %+v, want one entry", log)
	}
	r := log[0]
	if r.Status != graph.LoadCommitted || r.Counts != c || r.Skipped != 3 || r.Checksum != m.Checksum ||
		r.Source != m.Source || r.Format != m.Format || !reflect.DeepEqual(r.Files, m.Files) || r.Error != "" {
		t.Errorf("load record = %+v, want committed %+v with counts %+v, skipped 3", r, m, c)
	}
	if r.Started.Before(before) || r.Finished.Before(r.Started) {
		t.Errorf("started %v, finished %v: want started <= finished", r.Started, r.Finished)
	}
	load(t, s, "second", sample())
	log, err = s.Loads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[1].ID <= log[0].ID || log[1].Checksum != "sum-second" {
		t.Errorf("load log after two loads = %+v, want two entries, oldest first", log)
	}
}

// atomic reports whether s makes a load all-or-nothing (graph.Atomic).
func atomic(s graph.Store) bool {
	return s.AtomicLoads()
}

// testAbort: an aborted load is logged as failed with its cause; on a store
// with atomic loads it leaves nothing behind.
func testAbort(t *testing.T, s graph.Store) {
	if !atomic(s) {
		testAbortLogged(t, s)
		return
	}
	ctx := context.Background()
	load(t, s, "base", &graph.Batch{Entities: []graph.Entity{{ID: "t:keep", Kind: graph.KindCompany, Name: "Keep", Provenance: prov("k")}}})
	before := counts(t, s)
	l, err := s.Begin(ctx, meta("bad"))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Write(ctx, sample()); err != nil {
		t.Fatal(err)
	}
	// A changed share of an existing row must be rolled back too.
	if err := l.Write(ctx, &graph.Batch{Entities: []graph.Entity{{ID: "t:keep", Kind: graph.KindPerson, Name: "Changed", Provenance: prov("k2")}}}); err != nil {
		t.Fatal(err)
	}
	cause := errors.New("disk on fire")
	if err := l.Abort(ctx, cause); err != nil {
		t.Fatalf("abort: %v", err)
	}
	if got := counts(t, s); got != before {
		t.Errorf("counts after abort = %+v, want %+v", got, before)
	}
	if e := entity(t, s, "t:keep"); e.Name != "Keep" {
		t.Errorf("aborted load changed an entity: %+v", e)
	}
	if _, err := s.Entity(ctx, "t:p"); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("entity of an aborted load: err = %v, want ErrNotFound", err)
	}
	log, err := s.Loads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 {
		t.Fatalf("load log = %+v, want two entries", log)
	}
	if r := log[1]; r.Status != graph.LoadFailed || !strings.Contains(r.Error, "disk on fire") || r.Checksum != "sum-bad" {
		t.Errorf("aborted load record = %+v, want failed with the cause", r)
	}
	if err := l.Write(ctx, sample()); err == nil {
		t.Errorf("write after abort succeeded")
	}
}

func testAsOf(t *testing.T, s graph.Store) {
	load(t, s, "one", &graph.Batch{
		Designations: []graph.Designation{
			{Entity: "t:old", Regime: graph.RegimeUK, Listed: "2020-01-01", Delisted: "2022-01-01", Provenance: prov("d1")},
			{Entity: "t:new", Regime: graph.RegimeUK, Listed: "2023-01-01", Provenance: prov("d2")},
			{Entity: "t:always", Regime: graph.RegimeEU, Provenance: prov("d3")},
		},
		Holdings: []graph.Holding{
			{Owner: "t:old", Owned: "t:c", Share: graph.Exact(pct(50)), Votes: graph.Exact(pct(50)),
				Span: graph.Span{Start: "2019-06-01", End: "2021-06-01"}, Provenance: prov("h1")},
			{Owner: "t:new", Owned: "t:c", Share: graph.Exact(pct(50)), Votes: graph.Exact(pct(50)),
				Span: graph.Span{Start: "2021-06-01"}, Provenance: prov("h2")},
			{Owner: "t:always", Owned: "t:c", Share: graph.Exact(pct(1)), Votes: graph.Exact(pct(1)), Provenance: prov("h3")},
		},
		Controls: []graph.Control{
			{Controller: "t:old", Controlled: "t:c", Basis: graph.BasisDirector,
				Span: graph.Span{End: "2020-01-01"}, Provenance: prov("c1")},
		},
	})
	cases := []struct {
		asOf         graph.Date
		designations []string
		holdings     []string
		controls     []string
	}{
		{"", []string{"d1", "d2", "d3"}, []string{"h1", "h2", "h3"}, []string{"c1"}},
		{"2019-12-31", []string{"d3"}, []string{"h1", "h3"}, []string{"c1"}},
		{"2020-01-01", []string{"d1", "d3"}, []string{"h1", "h3"}, nil},        // listed day included, end day excluded
		{"2021-06-01", []string{"d1", "d3"}, []string{"h2", "h3"}, nil},        // start and end on the same day
		{"2022-01-01", []string{"d3"}, []string{"h2", "h3"}, nil},              // delisted day excluded
		{"2024-03-01", []string{"d2", "d3"}, []string{"h2", "h3"}, nil},        // still in force
		{"2019-01-01", []string{"d3"}, []string{"h3"}, []string{"c1"}},         // before any start
		{"2023-01-01", []string{"d2", "d3"}, []string{"h2", "h3"}, []string{}}, // listed day
	}
	for _, tc := range cases {
		snap := snapshot(t, s, tc.asOf)
		var d, h, c []string
		for _, x := range snap.Designations {
			d = append(d, x.Record)
		}
		for _, x := range snap.Holdings {
			h = append(h, x.Record)
		}
		for _, x := range snap.Controls {
			c = append(c, x.Record)
		}
		if !sameSet(d, tc.designations) || !sameSet(h, tc.holdings) || !sameSet(c, tc.controls) {
			t.Errorf("as of %q: designations %v holdings %v controls %v; want %v %v %v",
				tc.asOf, d, h, c, tc.designations, tc.holdings, tc.controls)
		}
		if snap.AsOf != tc.asOf {
			t.Errorf("snapshot AsOf = %q, want %q", snap.AsOf, tc.asOf)
		}
		if len(snap.Entities) != 4 {
			t.Errorf("as of %q: %d entities, want all 4", tc.asOf, len(snap.Entities))
		}
	}
}

// upstreamGraph: P owns A (60%), A owns B, B owns 10% of A (a cycle), C
// controls B, D is owned by B (downstream, not upstream of B), X owns Y
// (unrelated). P is designated; so is X.
func upstreamGraph() *graph.Batch {
	h := func(owner, owned string, share int64, rec string, sp graph.Span) graph.Holding {
		return graph.Holding{Owner: owner, Owned: owned, Share: graph.Exact(pct(share)), Votes: graph.Exact(pct(share)),
			Span: sp, Provenance: prov(rec)}
	}
	return &graph.Batch{
		Entities: []graph.Entity{
			{ID: "P", Kind: graph.KindPerson, Name: "P", Provenance: prov("eP")},
			{ID: "A", Kind: graph.KindCompany, Name: "A", Provenance: prov("eA")},
			{ID: "X", Kind: graph.KindPerson, Name: "X", Provenance: prov("eX")},
		},
		Designations: []graph.Designation{
			{Entity: "P", Regime: graph.RegimeOFAC, Provenance: prov("dP")},
			{Entity: "X", Regime: graph.RegimeOFAC, Provenance: prov("dX")},
		},
		Holdings: []graph.Holding{
			h("P", "A", 60, "hPA", graph.Span{}),
			h("A", "B", 100, "hAB", graph.Span{}),
			h("B", "A", 10, "hBA", graph.Span{}),
			h("B", "D", 100, "hBD", graph.Span{}),
			h("X", "Y", 100, "hXY", graph.Span{}),
			h("Q", "A", 30, "hQA", graph.Span{End: "2020-01-01"}), // ended
		},
		Controls: []graph.Control{
			{Controller: "C", Controlled: "B", Basis: graph.BasisDeFacto, Provenance: prov("cCB")},
			{Controller: "B", Controlled: "D", Basis: graph.BasisDirector, Provenance: prov("cBD")},
		},
		SameAs: []graph.SameAs{
			{A: "P", B: "C", Method: "identifier:lei", Score: 1, Strength: graph.StrengthStrong, Provenance: prov("sPC")},
			{A: "P", B: "X", Method: "name", Score: 0.5, Strength: graph.StrengthPossible, Evidence: "P ~ X", Provenance: prov("sPX")},
		},
	}
}

func upstream(t *testing.T, s graph.Store, ids []string, asOf graph.Date) (ents, desig, hold, ctl, same []string) {
	t.Helper()
	snap, err := s.Upstream(context.Background(), ids, asOf)
	if err != nil {
		t.Fatalf("upstream %v: %v", ids, err)
	}
	for _, e := range snap.Entities {
		ents = append(ents, e.ID)
	}
	for _, x := range snap.Designations {
		desig = append(desig, x.Record)
	}
	for _, x := range snap.Holdings {
		hold = append(hold, x.Record)
	}
	for _, x := range snap.Controls {
		ctl = append(ctl, x.Record)
	}
	for _, x := range snap.SameAs {
		same = append(same, x.Record)
	}
	return
}

func testUpstream(t *testing.T, s graph.Store) {
	load(t, s, "g", upstreamGraph())
	ents, desig, hold, ctl, same := upstream(t, s, []string{"B"}, "")
	check := func(what string, got, want []string) {
		t.Helper()
		if !sameSet(got, want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	// Same-as links are followed both ways, whatever their strength: C
	// and P are one party (a strong link), and X is a possible candidate
	// of P (a possible link), which the engines need for the
	// possibly-same-as and possibly-exposed flags.
	check("entities", ents, []string{"A", "B", "C", "P", "Q", "X"})
	check("designations", desig, []string{"dP", "dX"})
	check("holdings", hold, []string{"hPA", "hAB", "hBA", "hQA"})
	check("controls", ctl, []string{"cCB"})
	check("same-as", same, []string{"sPC", "sPX"})

	ents, desig, hold, ctl, _ = upstream(t, s, []string{"Y", "P"}, "")
	check("entities of Y,P", ents, []string{"C", "P", "X", "Y"})
	check("designations of Y,P", desig, []string{"dP", "dX"})
	check("holdings of Y,P", hold, []string{"hXY"})
	check("controls of Y,P", ctl, nil)

	ents, _, _, _, _ = upstream(t, s, []string{"nobody"}, "")
	check("entities of an unknown id", ents, nil)
}

func testUpstreamAsOf(t *testing.T, s graph.Store) {
	load(t, s, "g", upstreamGraph())
	ents, _, hold, _, _ := upstream(t, s, []string{"A"}, "2024-01-01")
	if !sameSet(ents, []string{"A", "B", "C", "P", "X"}) {
		t.Errorf("entities as of 2024 = %v, want A B C P X (Q's holding ended)", ents)
	}
	if !sameSet(hold, []string{"hPA", "hAB", "hBA"}) {
		t.Errorf("holdings as of 2024 = %v", hold)
	}
	ents, _, _, _, _ = upstream(t, s, []string{"A"}, "2019-01-01")
	if !slices.Contains(ents, "Q") {
		t.Errorf("entities as of 2019 = %v, want Q included", ents)
	}
}

func testNotFound(t *testing.T, s graph.Store) {
	_, err := s.Entity(context.Background(), "t:missing")
	if !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("err = %v, want one wrapping graph.ErrNotFound", err)
	}
	if !strings.Contains(err.Error(), "t:missing") {
		t.Errorf("error %q does not name the entity", err)
	}
}

func testSameAs(t *testing.T, s graph.Store) {
	load(t, s, "one", &graph.Batch{SameAs: []graph.SameAs{{A: "t:1", B: "t:2", Method: "name", Score: 0.8,
		Strength: graph.StrengthPossible, Evidence: "One ~ Two", Provenance: prov("s1")}}})
	load(t, s, "two", &graph.Batch{SameAs: []graph.SameAs{{A: "t:2", B: "t:1", Method: "identifier:lei", Score: 1,
		Strength: graph.StrengthStrong, Evidence: "lei:X", Provenance: prov("s2")}}})
	snap := snapshot(t, s, "")
	if len(snap.SameAs) != 1 {
		t.Fatalf("same-as = %+v, want one link (key independent of order)", snap.SameAs)
	}
	if x := snap.SameAs[0]; x.Method != "identifier:lei" || x.Score != 1 || x.Strength != graph.StrengthStrong || x.Evidence != "lei:X" {
		t.Errorf("same-as = %+v, want the latest method, score, strength and evidence", x)
	}
	if c := counts(t, s); c.SameAs != 1 || c.Entities != 2 {
		t.Errorf("counts = %+v", c)
	}
}

func sameSet(got, want []string) bool {
	g, w := slices.Clone(got), slices.Clone(want)
	sort.Strings(g)
	sort.Strings(w)
	return slices.Equal(g, w)
}

func sortedHoldings(h []graph.Holding) []graph.Holding {
	h = slices.Clone(h)
	slices.SortFunc(h, func(a, b graph.Holding) int { return strings.Compare(a.Key(), b.Key()) })
	return h
}

// normalize sorts a snapshot's slices so that snapshots compare equal
// whatever order a store returns them in.
func normalize(s *graph.Snapshot) {
	slices.SortFunc(s.Entities, func(a, b graph.Entity) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(s.Designations, func(a, b graph.Designation) int { return strings.Compare(a.Key(), b.Key()) })
	slices.SortFunc(s.Holdings, func(a, b graph.Holding) int { return strings.Compare(a.Key(), b.Key()) })
	slices.SortFunc(s.Controls, func(a, b graph.Control) int { return strings.Compare(a.Key(), b.Key()) })
	slices.SortFunc(s.SameAs, func(a, b graph.SameAs) int { return strings.Compare(a.Key(), b.Key()) })
}

// testAbortLogged: on a store whose loads are not atomic, an aborted load
// is still logged as failed with its cause, and writes after Abort fail.
func testAbortLogged(t *testing.T, s graph.Store) {
	ctx := context.Background()
	l, err := s.Begin(ctx, meta("bad"))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Write(ctx, sample()); err != nil {
		t.Fatal(err)
	}
	if err := l.Abort(ctx, errors.New("disk on fire")); err != nil {
		t.Fatalf("abort: %v", err)
	}
	log, err := s.Loads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Status != graph.LoadFailed || !strings.Contains(log[0].Error, "disk on fire") {
		t.Errorf("load log = %+v, want one failed load with the cause", log)
	}
	if err := l.Write(ctx, sample()); err == nil {
		t.Errorf("write after abort succeeded")
	}
}

// testConverges: a load interrupted after part of its records, then run
// again in full, leaves exactly what a clean run leaves.
func testConverges(t *testing.T, s graph.Store) {
	ctx := context.Background()
	full := sample()
	l, err := s.Begin(ctx, meta("first try"))
	if err != nil {
		t.Fatal(err)
	}
	part := &graph.Batch{Entities: full.Entities[:1], Holdings: full.Holdings[:1]}
	if err := l.Write(ctx, part); err != nil {
		t.Fatal(err)
	}
	if err := l.Abort(ctx, errors.New("connection lost")); err != nil {
		t.Fatalf("abort: %v", err)
	}
	load(t, s, "second try", sample())
	got := snapshot(t, s, "")
	normalize(got)
	if c := counts(t, s); c.Entities == 0 || c.Holdings != len(full.Holdings) || c.Designations != len(full.Designations) {
		t.Errorf("counts after re-run = %+v, want those of the sample batch", c)
	}
	load(t, s, "third try", sample())
	again := snapshot(t, s, "")
	normalize(again)
	if !reflect.DeepEqual(got, again) {
		t.Errorf("a further re-run changed the snapshot")
	}
}
