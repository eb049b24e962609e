package exposure

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// stream feeds s through a Builder the way a graph.SnapshotStreamer does:
// relations first, entities in ID order, then the holdings in force, as
// byte rows that are overwritten after each call.
func stream(t testing.TB, s *graph.Snapshot, asOf graph.Date) *Builder {
	t.Helper()
	return streamRows(t, NewBuilder(asOf, 0), s, asOf, false)
}

// streamRows streams s into b as stream does; with records, each row
// carries its holding's span and record too, as graph.UpstreamStreamer
// gives them.
func streamRows(t testing.TB, b *Builder, s *graph.Snapshot, asOf graph.Date, records bool) *Builder {
	t.Helper()
	if err := b.Relations(s.Designations, s.Controls, s.SameAs); err != nil {
		t.Fatal(err)
	}
	es := slices.Clone(s.Entities)
	slices.SortFunc(es, func(x, y graph.Entity) int { return strings.Compare(x.ID, y.ID) })
	var buf []byte
	bytesOf := func(x string) []byte { buf = append(buf[:0], x...); return buf }
	for _, e := range es {
		id := []byte(e.ID)
		if err := b.Entity(graph.EntityRow{ID: id, Name: []byte(e.Name)}); err != nil {
			t.Fatal(err)
		}
		copy(id, strings.Repeat("#", len(id))) // the builder must have copied
	}
	row := &graph.HoldingRow{}
	for _, h := range s.Holdings {
		if !h.Covers(asOf) {
			continue
		}
		row.Owner, row.Owned = []byte(h.Owner), []byte(h.Owned)
		row.Share, row.Votes = h.Share, h.Votes
		row.Arrangement, row.Source = []byte(h.Arrangement), bytesOf(h.Source)
		if records {
			row.Start, row.End, row.Record = []byte(h.Start), []byte(h.End), []byte(h.Record)
		}
		if err := b.Holding(row); err != nil {
			t.Fatal(err)
		}
		for _, x := range [][]byte{row.Start, row.End, row.Record} {
			copy(x, strings.Repeat("#", len(x))) // the builder must have copied
		}
	}
	return b
}

// TestBuilderKeepsRecords: a builder that keeps records (KeepRecords), fed
// rows with their spans and records (as `ownex explain` streams an
// upstream closure), gives exactly the proofs of Analyze of the snapshot:
// every holding's source, span and record, also where same-as clusters
// merge several reports of a stake into one.
func TestBuilderKeepsRecords(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	const asOf = "2025-06-30"
	proofs := 0
	for i := range 300 {
		s := randomSnapshot(rng)
		for j := range s.Holdings {
			h := &s.Holdings[j]
			h.Source, h.Record = []string{"a", "b"}[rng.IntN(2)], fmt.Sprintf("file.csv:%d", j+2)
			if rng.IntN(3) == 0 {
				h.Start = "2020-01-01"
			}
			if rng.IntN(4) == 0 {
				h.End = "2030-01-01"
			}
		}
		if i%3 == 0 && len(s.Entities) > 2 {
			s.SameAs = []graph.SameAs{{A: s.Entities[0].ID, B: s.Entities[len(s.Entities)-1].ID, Strength: graph.StrengthStrong}}
		}
		b := NewBuilder(asOf, 0)
		b.KeepRecords()
		want, got := analyzeBoth(t, s, streamRows(t, b, s, asOf, true), asOf)
		for _, r := range graph.Engines {
			for _, e := range s.Entities {
				wp, werr := want.Explain(e.ID, r)
				gp, gerr := got.Explain(e.ID, r)
				if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(gp, wp) {
					t.Fatalf("snapshot %d, %s %s: kept-record proof %s (%v), want %s (%v)", i, r, e.ID, proofJSON(gp), gerr, proofJSON(wp), werr)
				}
				if wp != nil && len(wp.Holdings) > 0 {
					proofs++
				}
			}
		}
	}
	if proofs < 100 {
		t.Errorf("only %d proofs with holdings compared", proofs)
	}
}

// analyzeBoth analyses s and what b was fed.
func analyzeBoth(t *testing.T, s *graph.Snapshot, b *Builder, asOf graph.Date) (want, got *Result) {
	t.Helper()
	want, err := Analyze(s, Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if got, err = b.Analyze(Options{AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	return want, got
}

func proofJSON(p *graph.Proof) string {
	b, err := json.Marshal(p)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// sameVerdicts checks that the streamed analysis agrees with Analyze on
// every entity of s, for every regime.
func sameVerdicts(t *testing.T, name string, s *graph.Snapshot, asOf graph.Date) {
	t.Helper()
	want, got := analyzeBoth(t, s, stream(t, s, asOf), asOf)
	for _, r := range graph.Engines {
		for _, e := range s.Entities {
			w, _ := want.Verdict(e.ID, r)
			g, ok := got.Verdict(e.ID, r)
			if !ok || !reflect.DeepEqual(g, w) {
				t.Fatalf("%s: %s %s: streamed %+v, want %+v", name, r, e.ID, g, w)
			}
			wp, werr := want.Explain(e.ID, r)
			gp, gerr := got.Explain(e.ID, r)
			withSource := len(s.SameAs) > 0 // a streamed proof names sources only with clusters
			if (werr == nil) != (gerr == nil) || (werr == nil && proofShape(gp, withSource) != proofShape(wp, withSource)) {
				t.Fatalf("%s: %s %s: streamed proof %s (%v), want %s (%v)", name, r, e.ID,
					proofShape(gp, withSource), gerr, proofShape(wp, withSource), werr)
			}
		}
	}
}

// proofShape renders what a streamed proof must share with a snapshot
// proof: statuses, holdings' ends, shares, arrangements and, when asked,
// sources.
func proofShape(p *graph.Proof, withSource bool) string {
	if p == nil {
		return "<nil>"
	}
	var sb strings.Builder
	sb.WriteString(p.Entity + ":" + string(p.Status) + "[")
	for _, h := range p.Holdings {
		src := ""
		if withSource {
			src = h.Source
		}
		sb.WriteString(h.Owner + ">" + h.Owned + " " + h.Share.String() + "/" + h.Votes.String() + " @" + h.Arrangement + " " +
			src + " " + h.CountedShare.String() + " {" + proofShape(h.OwnerProof, withSource) + "} ")
	}
	sb.WriteString("]")
	return sb.String()
}

func TestBuilderMatchesSnapshot(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range 400 {
		s := randomSnapshot(rng)
		for j := range s.Holdings {
			s.Holdings[j].Source = []string{"a", "b"}[rng.IntN(2)]
		}
		if i%3 == 0 && len(s.Entities) > 2 {
			s.SameAs = []graph.SameAs{{A: s.Entities[0].ID, B: s.Entities[len(s.Entities)-1].ID, Strength: graph.StrengthStrong}}
		}
		sameVerdicts(t, "random", s, "2025-06-30")
	}
	for _, tt := range []struct{ facts, asOf string }{
		{"X>A 50; A>B 50", "2025-06-30"},
		{"X>A 30 @j; Y>A 30 @j", "2025-06-30"},
		{"X>A 60 2020-01-01..2023-01-01; X>A 40 2023-01-01..", "2022-06-30"},
		{"X>A 10; X=A board-appointment; A>B 100", "2025-06-30"},
	} {
		sameVerdicts(t, tt.facts, snap(t, tt.facts), graph.Date(tt.asOf))
	}
}

func TestBuilderOrder(t *testing.T) {
	b := NewBuilder("2025-06-30", 0)
	if err := b.Entity(graph.EntityRow{ID: []byte("a")}); err != nil {
		t.Fatal(err)
	}
	if err := b.Relations(nil, nil, nil); err == nil {
		t.Error("Relations after an entity: want an error")
	}
	if _, err := b.Analyze(Options{AsOf: "2024-01-01"}); err == nil {
		t.Error("Analyze with another date: want an error")
	}
	if _, err := b.Analyze(Options{AsOf: "2025-06-30"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Analyze(Options{AsOf: "2025-06-30"}); err == nil {
		t.Error("a second Analyze: want an error")
	}
}

// TestIDOrder: idOrder sorts like a full sort, whatever the length of the
// ordered prefix.
func TestIDOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for range 500 {
		seen := map[string]bool{}
		var ids []string
		for range rng.IntN(40) {
			id := fmt.Sprintf("k%02d", rng.IntN(60))
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		pre := rng.IntN(len(ids) + 1)
		slices.Sort(ids[:pre])
		want := make([]int32, len(ids))
		for i := range want {
			want[i] = int32(i)
		}
		slices.SortFunc(want, func(x, y int32) int { return strings.Compare(ids[x], ids[y]) })
		if got := idOrder(ids); !slices.Equal(got, want) {
			t.Fatalf("idOrder(%v) = %v, want %v", ids, got, want)
		}
	}
}
