package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/queries"
)

// coneGraph is a hand-made graph whose cone on coneDate is known:
//
//	D (designated) owns A; A owns the stub S; D controls K, K owns KK;
//	A is linked to ZP (possible link, A its first end) and to 0Q (strong
//	link, A its second end), and 0Q owns QQ;
//	O1 owns A (a boundary owner) and O2 owns O1 (its own owner: out);
//	CT controls A (a boundary controller), CO owns CT (out);
//	Z owned A until 2020 and A owned Y until 2020 (not valid: out);
//	DD was designated until 2024 and owns B (out on coneDate);
//	R is rejected as A's same record (out); U owns V (unrelated: out).
func coneGraph() *graph.Batch {
	ent := func(id string) graph.Entity {
		return graph.Entity{ID: id, Kind: graph.KindCompany, Name: "Name " + id, Provenance: prov("e:" + id)}
	}
	hold := func(owner, owned string, share int64, span graph.Span) graph.Holding {
		return graph.Holding{Owner: owner, Owned: owned, Share: graph.Exact(pct(share)), Votes: graph.Exact(pct(share)),
			Span: span, Provenance: prov("h:" + owner + ">" + owned)}
	}
	var b graph.Batch
	for _, id := range []string{"c:D", "c:A", "c:K", "c:KK", "c:ZP", "c:0Q", "c:QQ", "c:O1", "c:O2", "c:CT", "c:CO",
		"c:Z", "c:Y", "c:DD", "c:B", "c:R", "c:U", "c:V"} {
		b.Entities = append(b.Entities, ent(id))
	}
	b.Designations = []graph.Designation{
		{Entity: "c:D", Regime: graph.RegimeOFAC, Listed: "2022-01-01", Provenance: prov("d:D")},
		{Entity: "c:DD", Regime: graph.RegimeUK, Listed: "2019-01-01", Delisted: "2024-01-01", Provenance: prov("d:DD")},
	}
	b.Holdings = []graph.Holding{
		hold("c:D", "c:A", 60, graph.Span{}),
		hold("c:A", "c:S", 100, graph.Span{Start: "2021-01-01"}),
		hold("c:K", "c:KK", 30, graph.Span{}),
		hold("c:0Q", "c:QQ", 70, graph.Span{}),
		hold("c:O1", "c:A", 10, graph.Span{}),
		hold("c:O2", "c:O1", 100, graph.Span{}),
		hold("c:CO", "c:CT", 100, graph.Span{}),
		hold("c:Z", "c:A", 30, graph.Span{End: "2020-01-01"}),
		hold("c:A", "c:Y", 80, graph.Span{End: "2020-01-01"}),
		hold("c:DD", "c:B", 75, graph.Span{}),
		hold("c:U", "c:V", 90, graph.Span{}),
	}
	b.Controls = []graph.Control{
		{Controller: "c:D", Controlled: "c:K", Basis: graph.BasisBoardAppointment, Provenance: prov("c:D>K")},
		{Controller: "c:CT", Controlled: "c:A", Basis: graph.BasisVotingAgreement, Provenance: prov("c:CT>A")},
	}
	b.SameAs = []graph.SameAs{
		{A: "c:A", B: "c:ZP", Method: "name", Score: 0.8, Strength: graph.StrengthPossible, Evidence: "A ~ ZP", Provenance: prov("s:A~ZP")},
		{A: "c:0Q", B: "c:A", Method: "test", Score: 1, Strength: graph.StrengthStrong, Provenance: prov("s:0Q=A")},
		{A: "c:A", B: "c:R", Method: graph.MethodRejected, Score: 1, Strength: graph.StrengthRejected, Provenance: graph.Provenance{Source: graph.SourceReview, Record: "s:A!R"}},
	}
	return &b
}

const coneDate graph.Date = "2025-06-30"

// testConeExact checks exactly which entities and holdings StreamCone
// hands over for coneGraph, and that the relations are StreamSnapshot's.
func testConeExact(t *testing.T, s graph.Store) {
	load(t, s, "cone", coneGraph())
	ctx := context.Background()
	var cone, full recorder
	if err := s.StreamCone(ctx, coneDate, nil, &cone); err != nil {
		t.Fatalf("stream cone: %v", err)
	}
	if err := s.StreamSnapshot(ctx, coneDate, &full); err != nil {
		t.Fatalf("stream snapshot: %v", err)
	}
	// The cone: D, A, S (a stub, named by its id), K, KK (through a
	// control edge), ZP (the second end of A's link), 0Q (the first end of
	// the link to A), QQ; the boundary: O1 and CT.
	var want []string
	for _, id := range []string{"c:0Q", "c:A", "c:CT", "c:D", "c:K", "c:KK", "c:O1", "c:QQ", "c:S", "c:ZP"} {
		name := "Name " + id
		if id == "c:S" {
			name = id
		}
		want = append(want, id+"|"+name)
	}
	if !slices.Equal(cone.entities, want) {
		t.Errorf("cone entities\n%v\nwant (in ID order)\n%v", cone.entities, want)
	}
	h := func(owner, owned string, share int64, start, end string) string {
		return holdingText(owner, owned, graph.Exact(pct(share)), graph.Exact(pct(share)), "", "test", start, end)
	}
	wantH := []string{h("c:D", "c:A", 60, "", ""), h("c:A", "c:S", 100, "2021-01-01", ""), h("c:K", "c:KK", 30, "", ""),
		h("c:0Q", "c:QQ", 70, "", ""), h("c:O1", "c:A", 10, "", "")}
	if !sameSet(cone.holdings, wantH) {
		t.Errorf("cone holdings\n%v\nwant\n%v", cone.holdings, wantH)
	}
	if cone.relations != 1 || !slices.Equal(cone.des, full.des) || !slices.Equal(cone.ctl, full.ctl) || !slices.Equal(cone.same, full.same) {
		t.Errorf("cone relations (%d calls) %v %v %v, want StreamSnapshot's %v %v %v once", cone.relations,
			cone.des, cone.ctl, cone.same, full.des, full.ctl, full.same)
	}
	if len(full.des) != 1 || len(full.ctl) != 2 || len(full.same) != 3 {
		t.Errorf("StreamSnapshot gave %d designations, %d control edges, %d links; want 1, 2, 3", len(full.des), len(full.ctl), len(full.same))
	}
	// In 2023 DD is designated: B and the holding into it join the cone.
	var early recorder
	if err := s.StreamCone(ctx, "2023-06-30", nil, &early); err != nil {
		t.Fatalf("stream cone: %v", err)
	}
	if !slices.Contains(early.entities, "c:DD|Name c:DD") || !slices.Contains(early.entities, "c:B|Name c:B") ||
		!slices.Contains(early.holdings, h("c:DD", "c:B", 75, "", "")) || len(early.holdings) != len(wantH)+1 {
		t.Errorf("cone in 2023: entities %v holdings %v; want DD, B and the holding DD > B added", early.entities, early.holdings)
	}
}

// testConeVerdicts analyses random dated graphs from the whole snapshot
// and from the cone, and checks that the verdicts `ownex analyze` writes
// (not clear, or with a possible link) are the same, entity by entity,
// in every regime and on several dates.
func testConeVerdicts(t *testing.T, s graph.Store) {
	load(t, s, "random", randomDatedGraphs())
	ctx := context.Background()
	shownAll, smaller := 0, false
	for _, asOf := range []graph.Date{"2019-06-30", "2021-06-30", "2023-06-30", "2025-06-30"} {
		full, nFull := analyzeStream(t, asOf, func(sink graph.SnapshotSink) error { return s.StreamSnapshot(ctx, asOf, sink) })
		cone, nCone := analyzeStream(t, asOf, func(sink graph.SnapshotSink) error { return s.StreamCone(ctx, asOf, nil, sink) })
		smaller = smaller || nCone < nFull
		for _, r := range graph.Engines {
			want, got := shown(full, r), shown(cone, r)
			shownAll += len(want)
			for id, v := range want {
				if g, ok := got[id]; !ok || !reflect.DeepEqual(g, v) {
					t.Errorf("%s %s %s: from the cone %+v (shown %v), from the whole snapshot %+v", asOf, r, id, g, ok, v)
				}
			}
			for id, v := range got {
				if _, ok := want[id]; !ok {
					t.Errorf("%s %s %s: shown from the cone (%+v), not from the whole snapshot", asOf, r, id, v)
				}
			}
		}
	}
	if shownAll < 100 || !smaller {
		t.Errorf("%d verdicts shown in all, cone smaller than the snapshot: %v; the test graphs test nothing", shownAll, smaller)
	}
}

// randomDatedGraphs returns 80 random graphs (randomDatedGraph), always
// the same.
func randomDatedGraphs() *graph.Batch {
	rng := rand.New(rand.NewPCG(18, 2))
	b := &graph.Batch{}
	for g := range 80 {
		randomDatedGraph(rng, fmt.Sprintf("g%02d:", g), b)
	}
	return b
}

// ConeOrder checks, for a store whose StreamSnapshot hands the holdings
// in an order of its own (the SQLite store: the order they were stored),
// that StreamCone hands those into the cone in the same relative order:
// its holdings are a subsequence of StreamSnapshot's. (The Neo4j store's
// order within a range of owner IDs is the server's: not checked.)
func ConeOrder(t *testing.T, s graph.Store) {
	Load(t, s, meta("random"), randomDatedGraphs())
	ctx := context.Background()
	for _, asOf := range []graph.Date{"2021-06-30", "2025-06-30"} {
		var full, cone recorder
		if err := s.StreamSnapshot(ctx, asOf, &full); err != nil {
			t.Fatal(err)
		}
		if err := s.StreamCone(ctx, asOf, nil, &cone); err != nil {
			t.Fatal(err)
		}
		i := 0
		for _, h := range full.holdings {
			if i < len(cone.holdings) && h == cone.holdings[i] {
				i++
			}
		}
		if i < len(cone.holdings) || len(cone.holdings) < 10 || len(cone.holdings) == len(full.holdings) {
			t.Errorf("as of %s: the cone's %d holdings are not a strict subsequence of the snapshot's %d (from %d on: %v)",
				asOf, len(cone.holdings), len(full.holdings), i, cone.holdings[i:])
		}
	}
}

// analyzeStream analyses what stream hands over as of asOf, in every
// regime, and returns the result and the number of entities streamed.
func analyzeStream(t *testing.T, asOf graph.Date, stream func(graph.SnapshotSink) error) (*exposure.Result, int) {
	t.Helper()
	b := exposure.NewBuilder(asOf, 0)
	if err := stream(b); err != nil {
		t.Fatalf("stream as of %s: %v", asOf, err)
	}
	n, _ := b.Len()
	res, err := b.Analyze(exposure.Options{AsOf: asOf})
	if err != nil {
		t.Fatalf("analyze as of %s: %v", asOf, err)
	}
	return res, n
}

// shown returns the verdicts of regime r that `ownex analyze` writes
// without --all (internal/report's rule), by entity.
func shown(res *exposure.Result, r graph.Regime) map[string]graph.Verdict {
	out := map[string]graph.Verdict{}
	for v := range res.Verdicts(r) {
		if queries.Shown(v) {
			out[v.Entity] = v
		}
	}
	return out
}

var (
	coneDates     = []graph.Date{"", "2020-01-01", "2022-01-01", "2024-01-01"}
	coneRegimes   = []graph.Regime{graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU, graph.RegimeUN}
	coneBases     = []graph.Basis{graph.BasisBoardAppointment, graph.BasisVotingAgreement, graph.BasisDominantInfluence, graph.BasisDirector}
	coneShares    = []int64{0, 10, 25, 30, 49, 50, 51, 60, 75, 100}
	coneArrangers = []string{"", "", "", "j1", "j2"}
)

// randomDatedGraph adds to b a random graph of up to 12 IDs with prefix
// p: some without an entity record (only ends of relations), holdings
// with exact, banded and open shares, control edges, designations of
// every regime, strong, possible and rejected same-as links, each with
// a span or listing drawn from coneDates.
func randomDatedGraph(rng *rand.Rand, p string, b *graph.Batch) {
	n := 4 + rng.IntN(9)
	id := func(i int) string { return fmt.Sprintf("%se%02d", p, i) }
	pick := func() (string, string, bool) {
		a, c := rng.IntN(n), rng.IntN(n)
		return id(a), id(c), a != c
	}
	span := func() graph.Span {
		a, c := coneDates[rng.IntN(len(coneDates))], coneDates[rng.IntN(len(coneDates))]
		if a != "" && c != "" && c <= a {
			a, c = c, ""
		}
		return graph.Span{Start: a, End: c}
	}
	rec := 0
	next := func() graph.Provenance { rec++; return prov(fmt.Sprintf("%sr%d", p, rec)) }
	for i := range n {
		if rng.IntN(5) > 0 { // else only an end of relations: a stub
			b.Entities = append(b.Entities, graph.Entity{ID: id(i), Kind: graph.KindCompany, Name: "N" + id(i), Provenance: next()})
		}
		if rng.IntN(7) == 0 {
			sp := span()
			b.Designations = append(b.Designations, graph.Designation{Entity: id(i), Regime: coneRegimes[rng.IntN(len(coneRegimes))],
				Listed: sp.Start, Delisted: sp.End, Provenance: next()})
		}
	}
	for range rng.IntN(2 * n) {
		o, d, ok := pick()
		if !ok {
			continue
		}
		sh := graph.Exact(pct(coneShares[rng.IntN(len(coneShares))]))
		switch rng.IntN(6) {
		case 0:
			sh = graph.Unknown()
		case 1:
			lo, hi := pct(coneShares[rng.IntN(len(coneShares))]), pct(coneShares[rng.IntN(len(coneShares))])
			sh = graph.Interval(min(lo, hi), rng.IntN(2) == 0 && lo != hi, max(lo, hi), rng.IntN(2) == 0 && lo != hi)
		}
		vt := sh
		if rng.IntN(4) == 0 {
			vt = graph.Exact(pct(coneShares[rng.IntN(len(coneShares))]))
		}
		b.Holdings = append(b.Holdings, graph.Holding{Owner: o, Owned: d, Share: sh, Votes: vt,
			Arrangement: coneArrangers[rng.IntN(len(coneArrangers))], Span: span(), Provenance: next()})
	}
	for range rng.IntN(3) {
		if a, c, ok := pick(); ok {
			b.Controls = append(b.Controls, graph.Control{Controller: a, Controlled: c, Basis: coneBases[rng.IntN(len(coneBases))],
				Span: span(), Provenance: next()})
		}
	}
	for range rng.IntN(4) {
		a, c, ok := pick()
		if !ok {
			continue
		}
		l := graph.SameAs{A: a, B: c, Method: "test", Score: 1, Strength: graph.StrengthStrong, Provenance: next()}
		switch rng.IntN(4) {
		case 0, 1:
			l.Method, l.Score, l.Strength, l.Evidence = "name", 0.8, graph.StrengthPossible, "N"+a+" ~ N"+c
		case 2:
			l.Method, l.Strength, l.Provenance.Source = graph.MethodRejected, graph.StrengthRejected, graph.SourceReview
		}
		b.SameAs = append(b.SameAs, l)
	}
}
