package storetest

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// Same-as links with their strength and evidence (issue 13; RULES.md
// section 2, "Parties and links").

func link(a, b, method string, score float64, st graph.LinkStrength, evidence, source string) graph.SameAs {
	return graph.SameAs{A: a, B: b, Method: method, Score: score, Strength: st, Evidence: evidence,
		Provenance: graph.Provenance{Source: source, Record: source + ":" + a + "=" + b}}
}

// strengthLinks has a link of each strength, ends in byte order (stores
// may keep either direction).
func strengthLinks() []graph.SameAs {
	return []graph.SameAs{
		link("s:a", "s:b", "identifier:lei", 1, graph.StrengthStrong, "lei:5493001KJTIIGC8Y1R12", "resolve"),
		link("s:a", "s:c", "name", 0.93, graph.StrengthPossible, "ACME TRADING LTD ~ ACME TRADING LIMITED", "resolve"),
		link("s:b", "s:c", graph.MethodRejected, 1, graph.StrengthRejected, "rejected by ann on 2026-01-05", graph.SourceReview),
		link("s:c", "s:d", "referent", 1, graph.StrengthStrong, "", "ftm"), // no evidence
	}
}

// sortedLinks returns links ordered by key, each with its ends in byte
// order.
func sortedLinks(links []graph.SameAs) []graph.SameAs {
	out := make([]graph.SameAs, len(links))
	for i, l := range links {
		p := l.Pair()
		l.A, l.B = p[0], p[1]
		out[i] = l
	}
	slices.SortFunc(out, func(a, b graph.SameAs) int { return strings.Compare(a.Key(), b.Key()) })
	return out
}

// testSameAsStrength: links of every strength, with their evidence, come
// back whole from Snapshot, Upstream and Detail.
func testSameAsStrength(t *testing.T, s graph.Store) {
	want := sortedLinks(strengthLinks())
	load(t, s, "links", &graph.Batch{SameAs: strengthLinks()})
	if got := sortedLinks(snapshot(t, s, "").SameAs); !reflect.DeepEqual(got, want) {
		t.Errorf("snapshot same-as =\n%+v\nwant\n%+v", got, want)
	}
	up, err := s.Upstream(context.Background(), []string{"s:a"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := sortedLinks(up.SameAs); !reflect.DeepEqual(got, want) {
		t.Errorf("upstream of s:a same-as =\n%+v\nwant\n%+v (every strength followed)", got, want)
	}
	d := detail(t, s, "s:c")
	var own []graph.SameAs
	for _, l := range want {
		if l.A == "s:c" || l.B == "s:c" {
			own = append(own, l)
		}
	}
	if got := sortedLinks(d.SameAs); !reflect.DeepEqual(got, own) {
		t.Errorf("detail of s:c same-as =\n%+v\nwant\n%+v", got, own)
	}
}

// testSameAsRefused: a link without a strength, or with an unknown one,
// is refused at write with an error naming it, and nothing of its batch
// is written.
func testSameAsRefused(t *testing.T, s graph.Store) {
	ctx := context.Background()
	for _, st := range []graph.LinkStrength{"", "maybe"} {
		bad := link("r:x", "r:y", "name", 0.9, st, "X ~ Y", "resolve")
		b := &graph.Batch{Entities: []graph.Entity{{ID: "r:x", Kind: graph.KindPerson, Name: "X", Provenance: prov("x")}},
			SameAs: []graph.SameAs{link("r:x", "r:z", "identifier:lei", 1, graph.StrengthStrong, "lei:1", "resolve"), bad}}
		l, err := s.Begin(ctx, meta("bad link"))
		if err != nil {
			t.Fatal(err)
		}
		err = l.Write(ctx, b)
		if err == nil {
			t.Fatalf("strength %q: write succeeded, want a refusal", st)
		}
		for _, w := range []string{"r:x", "r:y", "resolve"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("strength %q: error %q does not name %q", st, err, w)
			}
		}
		if err := l.Abort(ctx, err); err != nil {
			t.Fatalf("abort: %v", err)
		}
		if c := counts(t, s); c != (graph.Counts{}) {
			t.Errorf("strength %q: counts after the refused batch = %+v, want nothing written", st, c)
		}
	}
}

// testSameAsIdempotent: writing the same links again changes nothing.
func testSameAsIdempotent(t *testing.T, s graph.Store) {
	load(t, s, "one", &graph.Batch{SameAs: strengthLinks()})
	first := sortedLinks(snapshot(t, s, "").SameAs)
	c1 := counts(t, s)
	load(t, s, "two", &graph.Batch{SameAs: strengthLinks()})
	if got := sortedLinks(snapshot(t, s, "").SameAs); !reflect.DeepEqual(got, first) {
		t.Errorf("same-as after a re-write =\n%+v\nwant\n%+v", got, first)
	}
	if c := counts(t, s); c != c1 || c.SameAs != len(strengthLinks()) {
		t.Errorf("counts after a re-write = %+v, want %+v", c, c1)
	}
}

// testSameAsDecision: a later decision on a pair (source review, the same
// key) replaces the earlier one; the resolver's own link of the pair
// (another source) stays beside it.
func testSameAsDecision(t *testing.T, s graph.Store) {
	auto := link("d:1", "d:2", "name", 0.91, graph.StrengthPossible, "JOHN SMITH ~ JON SMITH", "resolve")
	confirm := link("d:2", "d:1", graph.MethodConfirmed, 1, graph.StrengthStrong, "confirmed by ann on 2026-01-05", graph.SourceReview)
	reject := link("d:1", "d:2", graph.MethodRejected, 1, graph.StrengthRejected, "rejected by bob on 2026-02-01", graph.SourceReview)
	load(t, s, "resolve", &graph.Batch{SameAs: []graph.SameAs{auto}})
	load(t, s, "confirm", &graph.Batch{SameAs: []graph.SameAs{confirm}})
	if got, want := sortedLinks(snapshot(t, s, "").SameAs), sortedLinks([]graph.SameAs{auto, confirm}); !reflect.DeepEqual(got, want) {
		t.Fatalf("after the confirmation: %+v, want %+v", got, want)
	}
	load(t, s, "reject", &graph.Batch{SameAs: []graph.SameAs{reject}})
	got := sortedLinks(snapshot(t, s, "").SameAs)
	if want := sortedLinks([]graph.SameAs{auto, reject}); !reflect.DeepEqual(got, want) {
		t.Errorf("after the rejection: %+v, want %+v (the later decision replaces the earlier)", got, want)
	}
	if c := counts(t, s); c.SameAs != 2 {
		t.Errorf("counts = %+v, want 2 same-as links", c)
	}
}

// testParty: Detail gives the record's party, transitively over strong
// links only, with rejections applied as the engines apply them
// (graph.PartyLinks), and the names of its members.
func testParty(t *testing.T, s graph.Store) {
	ent := func(id, name string) graph.Entity {
		return graph.Entity{ID: id, Kind: graph.KindPerson, Name: name, Provenance: prov(id)}
	}
	load(t, s, "party", &graph.Batch{
		Entities: []graph.Entity{ent("p:a", "Anna"), ent("p:b", "Anna B"), ent("p:c", "Anna C")},
		SameAs: []graph.SameAs{
			link("p:a", "p:b", "identifier:passport", 1, graph.StrengthStrong, "passport:GB:1", "resolve"),
			link("p:b", "p:c", "referent", 1, graph.StrengthStrong, "", "ftm"),
			link("p:c", "p:d", "name", 0.95, graph.StrengthPossible, "ANNA C ~ ANNA D", "resolve"),
			// A strong automatic link that a person rejected: dropped.
			link("p:b", "p:e", "name+birth-date", 0.97, graph.StrengthStrong, "ANNA B ~ ANNA E; born 1970-01-02", "resolve"),
			link("p:b", "p:e", graph.MethodRejected, 1, graph.StrengthRejected, "rejected by ann", graph.SourceReview),
			link("p:e", "p:f", "identifier:lei", 1, graph.StrengthStrong, "lei:2", "resolve"),
			// A confirmed link survives a rejection of its pair by another
			// source.
			link("p:f", "p:g", graph.MethodConfirmed, 1, graph.StrengthStrong, "confirmed by bob", graph.SourceReview),
			link("p:f", "p:g", graph.MethodRejected, 1, graph.StrengthRejected, "rejected by a team file", "review-2"),
		},
	})
	for _, tc := range []struct {
		id   string
		want []string
	}{
		{"p:a", []string{"p:a", "p:b", "p:c"}},
		{"p:c", []string{"p:a", "p:b", "p:c"}},
		{"p:d", []string{"p:d"}}, // a possible link only
		{"p:e", []string{"p:e", "p:f", "p:g"}},
		{"p:g", []string{"p:e", "p:f", "p:g"}},
	} {
		d := detail(t, s, tc.id)
		if !slices.Equal(d.Party, tc.want) {
			t.Errorf("party of %s = %v, want %v", tc.id, d.Party, tc.want)
		}
	}
	d := detail(t, s, "p:a")
	if d.Names["p:c"] != "Anna C" {
		t.Errorf("names of p:a's detail = %v, want those of its party (p:c Anna C)", d.Names)
	}
	if len(d.SameAs) != 1 || d.SameAs[0].Strength != graph.StrengthStrong || d.SameAs[0].Evidence != "passport:GB:1" {
		t.Errorf("same-as of p:a = %+v, want its own link only, with strength and evidence", d.SameAs)
	}
	d = detail(t, s, "p:d")
	if len(d.SameAs) != 1 || d.SameAs[0].Strength != graph.StrengthPossible || d.SameAs[0].Evidence != "ANNA C ~ ANNA D" ||
		d.SameAs[0].Score != 0.95 {
		t.Errorf("same-as of p:d = %+v, want the possible link with its score and evidence", d.SameAs)
	}
}

// testReplaceSameAs: ReplaceSameAs (graph.SameAsReplacer, which `ownex
// resolve` needs) leaves exactly the new links under the source and the
// links of other sources untouched; a link of another source or without
// a strength changes nothing.
func testReplaceSameAs(t *testing.T, s graph.Store) {
	ctx := context.Background()
	load(t, s, "links", &graph.Batch{SameAs: strengthLinks()})
	next := []graph.SameAs{link("s:a", "s:d", "name+birth-date", 0.97, graph.StrengthStrong, "names A ~ D; birth date 1970 = 1970", "resolve")}
	if err := s.ReplaceSameAs(ctx, "resolve", next); err != nil {
		t.Fatal(err)
	}
	var want []graph.SameAs
	for _, l := range strengthLinks() {
		if l.Source != "resolve" {
			want = append(want, l)
		}
	}
	want = sortedLinks(append(want, next...))
	if got := sortedLinks(snapshot(t, s, "").SameAs); !reflect.DeepEqual(got, want) {
		t.Errorf("after replace, same-as =\n%+v\nwant\n%+v", got, want)
	}
	bad := [][]graph.SameAs{
		{link("s:a", "s:b", "name", 0.9, graph.StrengthPossible, "", "other")},
		{link("s:a", "s:b", "name", 0.9, "", "", "resolve")},
	}
	for _, b := range bad {
		if err := s.ReplaceSameAs(ctx, "resolve", b); err == nil {
			t.Errorf("replace with %+v: no error", b)
		}
		if got := sortedLinks(snapshot(t, s, "").SameAs); !reflect.DeepEqual(got, want) {
			t.Errorf("a refused replace changed the links:\n%+v\nwant\n%+v", got, want)
		}
	}
	if err := s.ReplaceSameAs(ctx, "resolve", nil); err != nil {
		t.Fatal(err)
	}
	if got := snapshot(t, s, "").SameAs; len(got) != len(want)-1 {
		t.Errorf("after replacing by nothing: %d links, want %d", len(got), len(want)-1)
	}
}
