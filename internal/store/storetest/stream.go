package storetest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// recorder is a graph.SnapshotSink that keeps what it is given, as text.
type recorder struct {
	relations int
	des, ctl  []string
	same      []string
	entities  []string
	holdings  []string
	records   []string // each holding's span and record (UpstreamStreamer)
	keep      bool     // it keeps records (graph.RecordKeeper)
}

func (r *recorder) KeepsRecords() bool { return r.keep }

func (r *recorder) Relations(des []graph.Designation, ctl []graph.Control, same []graph.SameAs) error {
	r.relations++
	for _, d := range des {
		r.des = append(r.des, d.Record)
	}
	for _, c := range ctl {
		r.ctl = append(r.ctl, c.Record)
	}
	for _, x := range same {
		r.same = append(r.same, sameAsText(x))
	}
	return nil
}

// sameAsText is everything a same-as link says, as text.
func sameAsText(x graph.SameAs) string {
	return strings.Join([]string{x.Key(), x.Method, strconv.FormatFloat(x.Score, 'g', -1, 64), string(x.Strength), x.Evidence, x.Record}, "|")
}

func (r *recorder) Entity(row graph.EntityRow) error {
	r.entities = append(r.entities, string(row.ID)+"|"+string(row.Name))
	return nil
}

func (r *recorder) Holding(row *graph.HoldingRow) error {
	r.holdings = append(r.holdings, holdingText(string(row.Owner), string(row.Owned), row.Share, row.Votes,
		string(row.Arrangement), string(row.Source), string(row.Start), string(row.End)))
	r.records = append(r.records, string(row.Start)+"|"+string(row.End)+"|"+string(row.Record))
	return nil
}

func holdingText(owner, owned string, sh, vt graph.Range, arr, src, start, end string) string {
	return strings.Join([]string{owner, owned, sh.String(), vt.String(), arr, src, start, end}, "|")
}

// testStream checks that the snapshot stream gives exactly the snapshot's
// records as of each date: the relations once, entities in ID order,
// holdings as a multiset.
func testStream(t *testing.T, s graph.Store) {
	b := sample()
	b.Holdings = append(b.Holdings,
		graph.Holding{Owner: "t:a", Owned: "t:b", Share: graph.Interval(pct(25), true, pct(50), false),
			Votes: graph.Interval(pct(25), true, pct(50), false), Arrangement: "j1", Provenance: prov("h-band")},
		graph.Holding{Owner: "t:c", Owned: "t:b", Share: graph.Unknown(), Votes: graph.Exact(0),
			Span: graph.Span{Start: "2024-01-01"}, Provenance: prov("h-late")},
		graph.Holding{Owner: "t:c", Owned: "t:a", Share: graph.Exact(pct(10)), Votes: graph.Exact(pct(10)),
			Span: graph.Span{End: "2020-01-01"}, Provenance: prov("h-old")})
	b.SameAs = append(b.SameAs,
		graph.SameAs{A: "t:a", B: "t:c", Method: "test", Score: 1, Strength: graph.StrengthStrong, Provenance: prov("s1")},
		graph.SameAs{A: "t:c", B: "t:p", Method: "name", Score: 0.75, Strength: graph.StrengthPossible,
			Evidence: "Cee ~ Person P", Provenance: prov("s2")})
	load(t, s, "stream", b)
	for _, asOf := range []graph.Date{"2019-06-30", "2025-06-30"} {
		snap := snapshot(t, s, asOf)
		var rec recorder
		if err := s.StreamSnapshot(context.Background(), asOf, &rec); err != nil {
			t.Fatalf("stream as of %s: %v", asOf, err)
		}
		// A sink that keeps records gets each holding's (graph.WantsRecords).
		keeper := recorder{keep: true}
		if err := s.StreamSnapshot(context.Background(), asOf, &keeper); err != nil {
			t.Fatalf("stream as of %s, with records: %v", asOf, err)
		}
		var recs []string
		for _, h := range snap.Holdings {
			if h.Covers(asOf) {
				recs = append(recs, string(h.Start)+"|"+string(h.End)+"|"+h.Record)
			}
		}
		if !sameSet(keeper.records, recs) || !sameSet(keeper.holdings, rec.holdings) {
			t.Errorf("as of %s: streamed records %v, want %v", asOf, keeper.records, recs)
		}
		var ents, hs, des, ctl, same []string
		es := slices.Clone(snap.Entities)
		slices.SortFunc(es, func(a, b graph.Entity) int { return strings.Compare(a.ID, b.ID) })
		for _, e := range es {
			ents = append(ents, e.ID+"|"+e.Name)
		}
		for _, h := range snap.Holdings {
			if h.Covers(asOf) {
				hs = append(hs, holdingText(h.Owner, h.Owned, h.Share, h.Votes, h.Arrangement, h.Source,
					string(h.Start), string(h.End)))
			}
		}
		for _, d := range snap.Designations {
			if d.ActiveOn(asOf) {
				des = append(des, d.Record)
			}
		}
		for _, c := range snap.Controls {
			if c.Covers(asOf) {
				ctl = append(ctl, c.Record)
			}
		}
		for _, x := range snap.SameAs {
			same = append(same, sameAsText(x))
		}
		if !sameSet(rec.same, same) || len(same) != 3 {
			t.Errorf("as of %s: streamed same-as links %v, want the snapshot's %v (3)", asOf, rec.same, same)
		}
		if rec.relations != 1 {
			t.Errorf("as of %s: Relations called %d times, want once", asOf, rec.relations)
		}
		if !slices.Equal(rec.entities, ents) {
			t.Errorf("as of %s: streamed entities %v, want %v in ID order", asOf, rec.entities, ents)
		}
		if !sameSet(rec.holdings, hs) || len(hs) == 0 {
			t.Errorf("as of %s: streamed holdings %v, want %v", asOf, rec.holdings, hs)
		}
		if !sameSet(rec.des, des) || !sameSet(rec.ctl, ctl) {
			t.Errorf("as of %s: streamed designations %v controls %v, want %v %v", asOf, rec.des, rec.ctl, des, ctl)
		}
	}
}

// testStreamUpstream checks that the upstream stream gives exactly what
// Upstream returns (for several ids and dates): the relations once, entities in ID order, holdings with
// their span and record as a multiset.
func testStreamUpstream(t *testing.T, s graph.Store) {
	load(t, s, "g", upstreamGraph())
	for _, c := range []struct {
		ids  []string
		asOf graph.Date
	}{{[]string{"B"}, ""}, {[]string{"Y", "P"}, ""}, {[]string{"A"}, "2024-01-01"}, {[]string{"A"}, "2019-01-01"}, {[]string{"nobody"}, ""}} {
		up, err := s.Upstream(context.Background(), c.ids, c.asOf)
		if err != nil {
			t.Fatal(err)
		}
		var rec recorder
		if err := s.StreamUpstream(context.Background(), c.ids, c.asOf, &rec); err != nil {
			t.Fatalf("stream upstream of %v as of %q: %v", c.ids, c.asOf, err)
		}
		var ents, hs, recs, des, ctl, same []string
		for _, e := range up.Entities {
			ents = append(ents, e.ID+"|"+e.Name)
		}
		slices.Sort(ents)
		for _, h := range up.Holdings {
			hs = append(hs, holdingText(h.Owner, h.Owned, h.Share, h.Votes, h.Arrangement, h.Source, string(h.Start), string(h.End)))
			recs = append(recs, string(h.Start)+"|"+string(h.End)+"|"+h.Record)
		}
		for _, d := range up.Designations {
			des = append(des, d.Record)
		}
		for _, x := range up.Controls {
			ctl = append(ctl, x.Record)
		}
		for _, x := range up.SameAs {
			same = append(same, sameAsText(x))
		}
		what := fmt.Sprintf("upstream of %v as of %q", c.ids, c.asOf)
		if rec.relations != 1 {
			t.Errorf("%s: Relations called %d times, want once", what, rec.relations)
		}
		if !slices.Equal(rec.entities, ents) {
			t.Errorf("%s: streamed entities %v, want %v in ID order", what, rec.entities, ents)
		}
		if !sameSet(rec.holdings, hs) || !sameSet(rec.records, recs) {
			t.Errorf("%s: streamed holdings %v %v, want %v %v", what, rec.holdings, rec.records, hs, recs)
		}
		if !sameSet(rec.des, des) || !sameSet(rec.ctl, ctl) || !sameSet(rec.same, same) {
			t.Errorf("%s: streamed designations %v controls %v same-as %v, want %v %v %v", what,
				rec.des, rec.ctl, rec.same, des, ctl, same)
		}
		if len(c.ids) == 1 && c.ids[0] == "B" && (len(ents) != 6 || len(hs) != 4 || len(ctl) != 1 || len(same) != 2) {
			t.Errorf("%s: %d entities, %d holdings, %d controls, %d same-as; want 6, 4, 1, 2", what, len(ents), len(hs), len(ctl), len(same))
		}
	}
}
