package neo4j_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/neo4j"
	"github.com/ownex/ownex/internal/store/neo4j/neo4jtest"
	"github.com/ownex/ownex/internal/store/storetest"
)

// streamRecorder is a graph.SnapshotSink that keeps what it is given.
type streamRecorder struct {
	calls    []string // "relations", "entity", "holding" in call order (consecutive repeats collapsed)
	des      []graph.Designation
	ctl      []graph.Control
	same     []graph.SameAs
	entities []string // id|name
	holdings []string // owner|owned|share|votes|arrangement|source
	failAt   int      // return errStop at this entity (1-based; 0: never)
}

var errStop = errors.New("sink says stop")

func (r *streamRecorder) call(what string) {
	if len(r.calls) == 0 || r.calls[len(r.calls)-1] != what {
		r.calls = append(r.calls, what)
	}
}

func (r *streamRecorder) Relations(des []graph.Designation, ctl []graph.Control, same []graph.SameAs) error {
	r.call("relations")
	r.des, r.ctl, r.same = des, ctl, same
	return nil
}

func (r *streamRecorder) Entity(row graph.EntityRow) error {
	r.call("entity")
	r.entities = append(r.entities, string(row.ID)+"|"+string(row.Name))
	if r.failAt > 0 && len(r.entities) == r.failAt {
		return errStop
	}
	return nil
}

func (r *streamRecorder) Holding(row *graph.HoldingRow) error {
	r.call("holding")
	r.holdings = append(r.holdings, holdingLine(string(row.Owner), string(row.Owned), row.Share, row.Votes,
		string(row.Arrangement), string(row.Source)))
	return nil
}

func holdingLine(owner, owned string, sh, vt graph.Range, arr, src string) string {
	return strings.Join([]string{owner, owned, sh.String(), vt.String(), arr, src}, "|")
}

// streamFixture has designations (active, delisted, future), control
// edges (open, ended, future), same-as links, holdings with exact, banded,
// open-bound and unknown shares, joint arrangements, spans, stubs (IDs
// referenced but not listed) and IDs whose UTF-16 order differs from their
// byte order.
func streamFixture() *graph.Batch {
	p := func(x int64) graph.Pct { return graph.Pct(x) * graph.PctScale }
	pv := func(src, rec string) graph.Provenance { return graph.Provenance{Source: src, Record: rec} }
	ents := []graph.Entity{
		{ID: "t:b", Name: "Bravo", Kind: graph.KindCompany, Provenance: pv("reg", "e1")},
		{ID: "t:a", Name: "Alpha", Kind: graph.KindPerson, Aliases: []string{"Al"}, Provenance: pv("reg", "e2")},
		{ID: "t:c", Name: "Charlie", Kind: graph.KindCompany, Identifiers: []graph.Identifier{{Scheme: "lei", Value: "X1"}}},
		{ID: "t:é", Name: "Écu", Kind: graph.KindOrganization},
		{ID: "t:\uFFFD", Name: "Replacement", Kind: graph.KindCompany},
		{ID: "t:\U0001F600", Name: "Smile", Kind: graph.KindCompany},
		{ID: "t:\U0001F600a", Name: "Smile A", Kind: graph.KindVessel},
		{ID: "t:\uE000", Name: "Private use", Kind: graph.KindAircraft},
		{ID: "t:z", Name: "Zulu", Kind: graph.KindUnknown},
		{ID: "u:1", Name: "Other source", Kind: graph.KindCompany},
	}
	return &graph.Batch{
		Entities: ents,
		Designations: []graph.Designation{
			{Entity: "t:a", Regime: graph.RegimeOFAC, Program: "P1", Listed: "2020-01-01", Provenance: pv("ofac", "d1")},
			{Entity: "t:\U0001F600", Regime: graph.RegimeUK, Listed: "2018-01-01", Delisted: "2022-01-01", Provenance: pv("uk", "d2")},
			{Entity: "t:z", Regime: graph.RegimeEU, Listed: "2030-01-01", Provenance: pv("eu", "d3")},
			{Entity: "t:stub1", Regime: graph.RegimeOFAC, Provenance: pv("ofac", "d4")},
		},
		Controls: []graph.Control{
			{Controller: "t:a", Controlled: "t:b", Basis: graph.BasisBoardAppointment, Provenance: pv("reg", "c1")},
			{Controller: "t:z", Controlled: "t:c", Basis: graph.BasisVotingAgreement, Span: graph.Span{End: "2021-01-01"}, Provenance: pv("reg", "c2")},
			{Controller: "t:é", Controlled: "t:c", Basis: graph.BasisDeFacto, Span: graph.Span{Start: "2024-01-01"}, Provenance: pv("reg", "c3")},
		},
		SameAs: []graph.SameAs{
			{A: "t:a", B: "u:1", Method: "test", Score: 0.9, Strength: graph.StrengthPossible, Evidence: "A ~ U", Provenance: pv("resolver", "s1")},
			{A: "t:\uFFFD", B: "t:\U0001F600a", Method: "id", Score: 1, Strength: graph.StrengthStrong, Provenance: pv("resolver", "s2")},
		},
		Holdings: []graph.Holding{
			{Owner: "t:a", Owned: "t:b", Share: graph.Exact(p(30)), Votes: graph.Exact(p(30)), Arrangement: "J1", Provenance: pv("reg", "h1")},
			{Owner: "u:1", Owned: "t:b", Share: graph.Exact(p(30)), Votes: graph.Exact(p(40)), Arrangement: "J1", Provenance: pv("other", "h2")},
			{Owner: "t:c", Owned: "t:b", Share: graph.Interval(p(25), true, p(50), false), Votes: graph.Interval(p(25), true, p(50), false), Provenance: pv("psc", "h3")},
			{Owner: "t:z", Owned: "t:c", Share: graph.Interval(p(50), false, p(75), true), Votes: graph.Exact(p(60)), Span: graph.Span{Start: "2021-06-01"}, Provenance: pv("reg", "h4")},
			{Owner: "t:é", Owned: "t:c", Share: graph.Unknown(), Votes: graph.Exact(0), Span: graph.Span{End: "2022-01-01"}, Provenance: pv("reg", "h5")},
			{Owner: "t:\U0001F600", Owned: "t:\uE000", Share: graph.Interval(0, true, p(25), true), Votes: graph.Interval(0, true, p(25), true), Provenance: pv("reg", "h6")},
			{Owner: "t:stub2", Owned: "t:\uFFFD", Share: graph.Exact(p(100)), Votes: graph.Exact(p(100)), Span: graph.Span{Start: "2019-01-01", End: "2023-01-01"}, Provenance: pv("reg", "h7")},
			{Owner: "t:a", Owned: "t:b", Share: graph.Exact(p(5)), Votes: graph.Exact(p(5)), Span: graph.Span{Start: "2024-06-01"}, Provenance: pv("reg", "h8")},
		},
	}
}

// TestStreamSnapshotAgrees: StreamSnapshot gives, for several dates, the
// relations of Snapshot, its entities' IDs and names in byte order of ID
// and its holdings in force as a multiset, in the order of
// graph.SnapshotSink.
func TestStreamSnapshotAgrees(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	b := streamFixture()
	storetest.Load(t, st, graph.LoadMeta{Source: "t", Format: "t"}, b)
	for _, asOf := range []graph.Date{"", "2017-01-01", "2020-06-30", "2021-03-01", "2022-06-30", "2025-06-30", "2031-01-01"} {
		snap, err := st.Snapshot(ctx, asOf)
		if err != nil {
			t.Fatal(err)
		}
		var rec streamRecorder
		if err := st.StreamSnapshot(ctx, asOf, &rec); err != nil {
			t.Fatalf("as of %q: %v", asOf, err)
		}
		if want := []string{"relations", "entity", "holding"}; !slices.Equal(rec.calls, want) &&
			!slices.Equal(rec.calls, want[:2]) {
			t.Errorf("as of %q: sink calls %v, want %v", asOf, rec.calls, want)
		}
		if !reflect.DeepEqual(rec.des, snap.Designations) || !reflect.DeepEqual(rec.ctl, snap.Controls) ||
			!reflect.DeepEqual(rec.same, snap.SameAs) {
			t.Errorf("as of %q: relations\n%v\n%v\n%v\nwant\n%v\n%v\n%v", asOf, rec.des, rec.ctl, rec.same,
				snap.Designations, snap.Controls, snap.SameAs)
		}
		es := slices.Clone(snap.Entities)
		slices.SortFunc(es, func(a, b graph.Entity) int { return strings.Compare(a.ID, b.ID) })
		var ents, hs []string
		for _, e := range es {
			ents = append(ents, e.ID+"|"+e.Name)
		}
		for _, h := range snap.Holdings {
			hs = append(hs, holdingLine(h.Owner, h.Owned, h.Share, h.Votes, h.Arrangement, h.Source))
		}
		if len(ents) != 12 { // 10 listed, 2 stubs
			t.Fatalf("fixture: snapshot has %d entities", len(ents))
		}
		if !slices.Equal(rec.entities, ents) {
			t.Errorf("as of %q: streamed entities\n%q\nwant (byte order of ID)\n%q", asOf, rec.entities, ents)
		}
		slices.Sort(hs)
		got := slices.Sorted(slices.Values(rec.holdings))
		if !slices.Equal(got, hs) {
			t.Errorf("as of %q: streamed holdings\n%q\nwant\n%q", asOf, got, hs)
		}
	}

	// A sink error stops the stream and comes back wrapped.
	rec := streamRecorder{failAt: 3}
	err := st.StreamSnapshot(ctx, "2025-06-30", &rec)
	if !errors.Is(err, errStop) || len(rec.entities) != 3 || len(rec.holdings) != 0 {
		t.Errorf("sink error: err %v after %d entities and %d holdings", err, len(rec.entities), len(rec.holdings))
	}
}

// TestStreamSnapshotRanges: cut into ranges of 1 to 5 entities, read on
// several sessions at once, StreamSnapshot hands the sink what the
// serial read of before issue 18 hands it: the same relations, the
// entities in the same order (byte order of ID, although some IDs sort
// differently in UTF-16) and the same holdings; a sink error in the
// holdings stops it and comes back.
func TestStreamSnapshotRanges(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	storetest.Load(t, st, graph.LoadMeta{Source: "t", Format: "t"}, streamFixture())
	for _, per := range []int{1, 2, 3, 5, 1000} {
		restore := neo4j.SetStreamRangeRows(per)
		for _, asOf := range []graph.Date{"", "2020-06-30", "2025-06-30"} {
			var want, got streamRecorder
			if err := st.StreamSnapshotSerial(ctx, asOf, &want); err != nil {
				t.Fatal(err)
			}
			if err := st.StreamSnapshot(ctx, asOf, &got); err != nil {
				t.Fatalf("%d per range, as of %q: %v", per, asOf, err)
			}
			slices.Sort(want.holdings)
			slices.Sort(got.holdings)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%d per range, as of %q:\n%+v\nwant\n%+v", per, asOf, got, want)
			}
		}
		rec := holdingFailer{failAt: 2}
		if err := st.StreamSnapshot(ctx, "", &rec); !errors.Is(err, errStop) || rec.holdings != 2 {
			t.Errorf("%d per range: sink error at the 2nd holding: err %v after %d holdings", per, err, rec.holdings)
		}
		restore()
	}
}

// holdingFailer is a sink that fails at its failAt-th holding.
type holdingFailer struct {
	streamRecorder
	holdings, failAt int
}

func (h *holdingFailer) Holding(*graph.HoldingRow) error {
	h.holdings++
	if h.holdings == h.failAt {
		return errStop
	}
	return nil
}

// TestStreamSnapshotBadHolding: a holding without share_max fails the
// stream with an error naming the relationship by its ends' IDs, although
// the parts read the ends as node ids.
func TestStreamSnapshotBadHolding(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	storetest.Load(t, st, graph.LoadMeta{Source: "t", Format: "t"}, streamFixture())
	cypher(t, `MATCH (:Entity {id: 't:z'})-[r:OWNS]->(:Entity {id: 't:c'}) REMOVE r.share_max`, nil)
	defer neo4j.SetStreamRangeRows(2)()
	var rec streamRecorder
	err := st.StreamSnapshot(ctx, "", &rec)
	want := `stored OWNS relationship "t:z" -> "t:c" (source "reg", record "not read"): property share_max is missing`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err %v, want it to contain %s", err, want)
	}
}

// TestStreamSnapshotPlans: the parts' statements read the entity_id index
// (a range seek, no label scan) and the entity parts come in index order
// (no Sort): the point of cutting by ID ranges.
func TestStreamSnapshotPlans(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	storetest.Load(t, st, graph.LoadMeta{Source: "t", Format: "t"}, streamFixture())
	defer neo4j.SetStreamRangeRows(4)()
	qs, params, err := neo4j.StreamStatements(ctx, st, "2025-06-30")
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 6 { // 12 entities: 3 ranges of entities, 3 of holdings
		t.Fatalf("%d statements, want 6:\n%s", len(qs), strings.Join(qs, "\n"))
	}
	for i, q := range qs {
		ops, err := neo4j.ExplainOperators(ctx, st, q, params[i])
		if err != nil {
			t.Fatal(err)
		}
		plan := strings.Join(ops, " < ")
		if !strings.Contains(plan, "IndexSeekByRange") && !strings.Contains(plan, "IndexScan") ||
			strings.Contains(plan, "NodeByLabelScan") || strings.Contains(plan, "Sort") {
			t.Errorf("%s\nplan: %s", q, plan)
		}
	}
}
