package neo4j_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/neo4j"
	"github.com/ownex/ownex/internal/store/neo4j/neo4jtest"
)

// writerLoads is a sequence of loads that exercises every path of the
// batched writer: entities created and updated (in one batch and across
// batches, of every kind and of a kind without a label, with and without
// identifiers, an identifier shared by entities that disagree on its
// country, a kind changing), stubs made by every relation, holdings and
// control edges created, repeated in a batch and across batches and
// updated, and list loads that close records and version entities.
func writerLoads() []struct {
	meta graph.LoadMeta
	b    *graph.Batch
} {
	p := func(x int64) graph.Pct { return graph.Pct(x) * graph.PctScale }
	pv := func(src, rec string) graph.Provenance { return graph.Provenance{Source: src, Record: rec} }
	lei := func(v, country string) graph.Identifier {
		return graph.Identifier{Scheme: "lei", Value: v, Country: country}
	}
	first := &graph.Batch{
		Entities: []graph.Entity{
			{ID: "w:1", Name: "One", Kind: graph.KindCompany, Identifiers: []graph.Identifier{lei("L1", "GB"), lei("L1", "FR")}, Provenance: pv("reg", "1")},
			{ID: "w:2", Name: "Two", Kind: graph.KindPerson, Aliases: []string{"Deux", "Zwei"}, WeakAliases: []string{"2"}, Countries: []string{"FR"}},
			{ID: "w:3", Name: "Three", Identifiers: []graph.Identifier{lei("L1", "DE"), lei("L3", "")}},
			{ID: "w:4", Name: "Four", Kind: graph.KindVessel, Identifiers: []graph.Identifier{{Scheme: "imo", Value: "9"}}},
			{ID: "w:1", Name: "One again", Kind: graph.KindOrganization, Identifiers: []graph.Identifier{lei("L9", "")}},
			{ID: "w:5", Name: "Five", Kind: graph.KindAircraft},
			{ID: "w:6", Name: "Six", Kind: graph.Kind("spaceship")},
			{ID: "w:2", Name: "Two bis", Kind: graph.KindPerson},
			{ID: "w:7", Name: "Seven", Kind: graph.KindUnknown, Countries: []string{"RU", "BY"}},
			{ID: "w:8", Name: "Eight", Kind: graph.KindCompany},
			{ID: "w:4", Name: "Four", Kind: graph.KindCompany},
		},
		Designations: []graph.Designation{
			{Entity: "w:2", Regime: graph.RegimeOFAC, Program: "P", Listed: "2020-01-01", Provenance: pv("ofac", "d1")},
			{Entity: "w:stub-d", Regime: graph.RegimeUK, Provenance: pv("uk", "d2")},
		},
		Holdings: []graph.Holding{
			{Owner: "w:2", Owned: "w:1", Share: graph.Exact(p(30)), Votes: graph.Exact(p(30)), Arrangement: "J", Provenance: pv("reg", "h1")},
			{Owner: "w:stub-h", Owned: "w:1", Share: graph.Interval(p(25), true, p(50), false), Votes: graph.Unknown(), Provenance: pv("reg", "h2")},
			{Owner: "w:2", Owned: "w:1", Share: graph.Exact(p(35)), Votes: graph.Exact(p(35)), Arrangement: "J", Provenance: pv("reg", "h3")},
			{Owner: "w:3", Owned: "w:8", Share: graph.Exact(p(60)), Votes: graph.Exact(p(60)), Span: graph.Span{Start: "2021-01-01"}, Provenance: pv("reg", "h4")},
			{Owner: "w:7", Owned: "w:stub-h2", Share: graph.Exact(p(10)), Votes: graph.Exact(p(10)), Span: graph.Span{End: "2022-01-01"}, Provenance: pv("reg", "h5")},
			{Owner: "w:3", Owned: "w:8", Share: graph.Exact(p(61)), Votes: graph.Exact(p(61)), Span: graph.Span{Start: "2021-01-01"}, Provenance: pv("reg", "h6")},
			{Owner: "w:5", Owned: "w:6", Share: graph.Exact(p(1)), Votes: graph.Exact(p(2)), Provenance: pv("other", "h7")},
		},
		Controls: []graph.Control{
			{Controller: "w:2", Controlled: "w:8", Basis: graph.BasisBoardAppointment, Provenance: pv("reg", "c1")},
			{Controller: "w:stub-c", Controlled: "w:8", Basis: graph.BasisDeFacto, Span: graph.Span{Start: "2020-01-01"}, Provenance: pv("reg", "c2")},
			{Controller: "w:2", Controlled: "w:8", Basis: graph.BasisBoardAppointment, Span: graph.Span{End: "2030-01-01"}, Provenance: pv("reg", "c3")},
		},
		SameAs: []graph.SameAs{{A: "w:3", B: "w:stub-s", Method: "test", Score: 0.5, Strength: graph.StrengthPossible,
			Evidence: "W3 ~ W stub", Provenance: pv("resolver", "s1")}},
		Links: []graph.Link{
			{From: "w:2", To: "w:7", Type: graph.LinkType("associate"), Provenance: pv("ofac", "l1")},
			{From: "w:stub-l", ToName: "Somebody", Type: graph.LinkType("associate"), Provenance: pv("ofac", "l2")},
		},
	}
	// The same again, with changes: updates only.
	second := &graph.Batch{Entities: slices.Clone(first.Entities), Holdings: slices.Clone(first.Holdings), Controls: slices.Clone(first.Controls)}
	second.Entities[0].Identifiers = nil
	second.Entities[2].Kind = graph.KindPerson
	second.Entities = append(second.Entities, graph.Entity{ID: "w:stub-h", Name: "No longer a stub", Kind: graph.KindCompany})
	second.Holdings[0].Share = graph.Exact(p(31))
	second.Holdings = append(second.Holdings, graph.Holding{Owner: "w:8", Owned: "w:1", Share: graph.Exact(p(5)), Votes: graph.Exact(p(5)), Provenance: pv("reg", "h8")})
	second.Controls[1].Basis = graph.BasisVotingAgreement
	// Two versions of a list: versions of changed entities, closed records.
	list1 := &graph.Batch{
		Entities: []graph.Entity{
			{ID: "l:1", Name: "Listed", Kind: graph.KindCompany, Provenance: pv("list", "1")},
			{ID: "l:2", Name: "Listed too", Kind: graph.KindPerson, Provenance: pv("list", "2")},
			{ID: "w:8", Name: "Eight as listed", Kind: graph.KindCompany, Provenance: pv("list", "3")},
		},
		Designations: []graph.Designation{
			{Entity: "l:1", Regime: graph.RegimeEU, Provenance: pv("list", "d1")},
			{Entity: "l:2", Regime: graph.RegimeEU, Provenance: pv("list", "d2")},
		},
		Holdings: []graph.Holding{{Owner: "l:2", Owned: "l:1", Share: graph.Exact(p(51)), Votes: graph.Exact(p(51)), Provenance: pv("list", "h1")}},
	}
	list2 := &graph.Batch{
		Entities: []graph.Entity{
			{ID: "l:1", Name: "Listed, renamed", Kind: graph.KindCompany, Provenance: pv("list", "1")},
			{ID: "w:8", Name: "Eight as listed", Kind: graph.KindCompany, Provenance: pv("list", "3")},
			{ID: "l:3", Name: "New", Kind: graph.KindCompany, Provenance: pv("list", "4")},
			{ID: "l:1", Name: "Listed, renamed twice", Kind: graph.KindCompany, Provenance: pv("list", "1")},
		},
		Designations: []graph.Designation{{Entity: "l:1", Regime: graph.RegimeEU, Provenance: pv("list", "d1")}},
	}
	gen := &graph.Batch{}
	for i := range 40 {
		gen.Entities = append(gen.Entities, graph.Entity{ID: fmt.Sprintf("g:%02d", i), Name: fmt.Sprint(i), Kind: graph.KindCompany})
		gen.Holdings = append(gen.Holdings, graph.Holding{Owner: fmt.Sprintf("g:%02d", i), Owned: fmt.Sprintf("g:%02d", (i*7+3)%45),
			Share: graph.Exact(p(int64(i%50 + 1))), Votes: graph.Exact(p(int64(i%50 + 1))), Provenance: pv("gen", fmt.Sprint(i%30))})
	}
	return []struct {
		meta graph.LoadMeta
		b    *graph.Batch
	}{
		{graph.LoadMeta{Source: "w", Format: "t"}, first},
		{graph.LoadMeta{Source: "w", Format: "t"}, second},
		{graph.LoadMeta{Source: "list", Format: "t", List: "list", Published: "2024-01-01"}, list1},
		{graph.LoadMeta{Source: "list", Format: "t", List: "list", Published: "2024-06-01"}, list2},
		{graph.LoadMeta{Source: "gen", Format: "t"}, gen},
		{graph.LoadMeta{Source: "gen", Format: "t"}, gen},
	}
}

// TestBatchedWriterStoresLikeUpserts: the batched writer (CREATE where it
// can prove a record new, updates by node id, rows as lists, any batch
// size) stores exactly the graph that the generic per-row upserts store.
func TestBatchedWriterStoresLikeUpserts(t *testing.T) {
	ctx := context.Background()
	wipe := neo4jtest.Open(t)
	skip := map[string]bool{"Load.started": true, "Load.finished": true}
	open := neo4j.OpenPerRow // the generic upserts first, then the batched writer
	run := func(cfg neo4j.Config, split bool) []string {
		t.Helper()
		if err := wipe.Wipe(ctx); err != nil {
			t.Fatal(err)
		}
		st, err := open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		for _, ld := range writerLoads() {
			l, err := st.Begin(ctx, ld.meta)
			if err != nil {
				t.Fatal(err)
			}
			parts := []*graph.Batch{ld.b}
			if split { // one Write per record kind, entities in two calls
				h := len(ld.b.Entities) / 2
				parts = []*graph.Batch{{Entities: ld.b.Entities[:h]}, {Entities: ld.b.Entities[h:]},
					{Designations: ld.b.Designations}, {Holdings: ld.b.Holdings, Controls: ld.b.Controls},
					{SameAs: ld.b.SameAs, Links: ld.b.Links}}
			}
			for _, b := range parts {
				if err := l.Write(ctx, b); err != nil {
					t.Fatalf("%+v: %v", cfg, err)
				}
			}
			var c graph.Counts
			c.Add(ld.b)
			if err := l.Commit(ctx, c, 0); err != nil {
				t.Fatal(err)
			}
		}
		d, err := neo4j.DumpGraph(ctx, st, skip)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	cfg := neo4jtest.Config(t)
	want := run(cfg, false)
	for _, part := range []string{"(EntityVersion {", "(Mention ", "(Entity:Unknown {", "-[:PREVIOUS_VERSION ",
		"(Entity {", "country=string:\"GB\"", "stub=bool:\"true\""} {
		if !slices.ContainsFunc(want, func(l string) bool { return strings.Contains(l, part) }) {
			t.Errorf("the fixture's graph has no %q", part)
		}
	}
	open = neo4j.Open
	for _, writers := range []int{1, 2, 3} {
		for _, size := range []int{1, 2, 3, 5, 1000} {
			for _, split := range []bool{false, true} {
				if writers > 1 && size == 2 {
					continue
				}
				cfg.BatchSize, cfg.Writers = size, writers
				restore := neo4j.SetMinParallelRows(1) // several sessions even for a few rows
				got := run(cfg, split)
				restore()
				if !slices.Equal(got, want) {
					t.Errorf("%d sessions, batch size %d, split %v: the batched writer's graph differs from the upserts' (%d vs %d lines):\n%s",
						writers, size, split, len(got), len(want), lineDiff(want, got))
				}
			}
		}
	}
}

// TestBatchedWriterIntoExistingGraph: a load whose entities and holdings
// partly exist (written by another load, and by a load that was cut short)
// converges to the graph of a clean run.
func TestBatchedWriterIntoExistingGraph(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	skip := map[string]bool{"Load.started": true, "Load.finished": true, "Load.status": true, "Load.id": true,
		"Entity.load_id": true, "OWNS.load_id": true, "CONTROLS.load_id": true, "DESIGNATED.load_id": true,
		"SAME_AS.load_id": true, "LINKED.load_id": true, "Counter.value": true, "Load.entities": true, "Load.holdings": true,
		"Load.controls": true, "Load.designations": true, "Load.same_as": true, "Load.links": true, "Load.skipped": true}
	loads := writerLoads()
	full := loads[0].b
	write := func(b *graph.Batch, commit bool) {
		t.Helper()
		l, err := st.Begin(ctx, loads[0].meta)
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
		if commit {
			if err := l.Commit(ctx, graph.Counts{}, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	write(full, true)
	want, err := neo4j.DumpGraph(ctx, st, skip)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Wipe(ctx); err != nil {
		t.Fatal(err)
	}
	// Half of everything, interrupted, then everything.
	write(&graph.Batch{Entities: full.Entities[:5], Holdings: full.Holdings[3:], Controls: full.Controls[:1]}, false)
	write(full, true)
	got, err := neo4j.DumpGraph(ctx, st, skip)
	if err != nil {
		t.Fatal(err)
	}
	// The interrupted load stays in the load log.
	want = slices.DeleteFunc(want, func(l string) bool { return strings.HasPrefix(l, "(Load ") })
	got = slices.DeleteFunc(got, func(l string) bool { return strings.HasPrefix(l, "(Load ") })
	if !slices.Equal(got, want) {
		t.Errorf("re-run after an interrupted load differs from a clean run:\n%s", lineDiff(want, got))
	}
}

// lineDiff lists the lines only in want (-) or only in got (+).
func lineDiff(want, got []string) string {
	var b strings.Builder
	for _, l := range want {
		if !slices.Contains(got, l) {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}

// TestBatchedWriterStaleCache: rows whose ends have wrong cached node ids
// are written again after a look-up, to the right entities.
func TestBatchedWriterStaleCache(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	l, err := st.Begin(ctx, graph.LoadMeta{Source: "t", Format: "t"})
	if err != nil {
		t.Fatal(err)
	}
	ents := []graph.Entity{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}, {ID: "c", Name: "C"}}
	if err := l.Write(ctx, &graph.Batch{Entities: ents}); err != nil {
		t.Fatal(err)
	}
	neo4j.SwapCachedNodes(l, "a", "b", "c")
	s := graph.Exact(10 * graph.PctScale)
	b := &graph.Batch{
		Entities: []graph.Entity{{ID: "c", Name: "C renamed"}},
		Holdings: []graph.Holding{{Owner: "a", Owned: "b", Share: s, Votes: s, Provenance: graph.Provenance{Source: "t", Record: "1"}},
			{Owner: "c", Owned: "a", Share: s, Votes: s, Provenance: graph.Provenance{Source: "t", Record: "2"}}},
	}
	if err := l.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := l.Commit(ctx, graph.Counts{}, 0); err != nil {
		t.Fatal(err)
	}
	snap, err := st.Snapshot(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range snap.Holdings {
		got = append(got, h.Owner+">"+h.Owned)
	}
	for _, e := range snap.Entities {
		got = append(got, e.ID+"="+e.Name)
	}
	slices.Sort(got)
	if want := []string{"a=A", "a>b", "b=B", "c=C renamed", "c>a"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
