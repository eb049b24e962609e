package resolve

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
)

// Input is what Resolve links.
type Input struct {
	// Entities are all the records of the store (unique ids), with their
	// facts (dates of birth, genders, …): the token rarity is measured
	// over them.
	Entities []graph.Entity
	// Lists gives the sanctions lists each entity is an entry of
	// (ListsOf of the store's designations).
	Lists map[string][]string
	// Links are the same-as links in the store. Those of SourceName are
	// the previous run's: Resolve ignores them (its output replaces
	// them). The others stand: their strong links (a source's
	// cross-reference, a confirmation) already make parties, and a pair
	// a person decided on (Source graph.SourceReview) is neither linked
	// nor proposed again.
	Links []graph.SameAs
}

// Options tune Resolve.
type Options struct {
	// Threshold is the name-match score from which a pair is a link
	// (possible, or strong when corroborated); 0 means DefaultThreshold.
	Threshold float64
}

// Result is what Resolve decided.
type Result struct {
	// Links are the automatic links, strong and possible, Provenance
	// Source SourceName: what replaces the previous run's links.
	Links []graph.SameAs
	// Review are the rows of the review file: possible links, vetoed
	// links and the name matches in [ReviewFloor, Threshold) or of
	// different units without a conflicting attribute, by descending
	// score.
	Review []Candidate
	Counts Counts
}

// Counts summarises a Result.
type Counts struct {
	Entities     int
	ByIdentifier int // strong links by a shared identifier
	ByName       int // strong links by a corroborated name match
	Confirmed    int // confirmed links already in the store (kept)
	Possible     int // possible links
	Vetoed       int // links a conflicting attribute prevented
	Review       int // review rows below the threshold or of different units
}

// Resolve decides which records describe the same party (RULES.md
// section 2, "Parties and links"; docs/RESOLVE.md):
//
//  1. records sharing a link key (LinkKey: LEI, IMO, UK company number,
//     INN, OGRN, MMSI, SWIFT, registration or tax number with its country,
//     passport or national id with its country; an aircraft's
//     registration mark) are a strong candidate, Method
//     "identifier:<scheme>", Score 1;
//  2. name matches scoring at least the threshold are a strong candidate
//     when an attribute corroborates them (corroborate: Method
//     "name+birth-date", "name+passport", "name+national-id",
//     "name+registration", "name+incorporation-date"), else a possible
//     link (Method "name"); two non-person names of different units
//     (unitsApart) are never a link, only a review row; vessels and
//     aircraft are not matched by name;
//  3. a pair with a conflicting attribute (conflicts) is vetoed: no link;
//     a review row with the conflict when it would have been a link (an
//     identifier, or a name match at or above the threshold), none when
//     it scores below the threshold;
//  4. two entries of one sanctions list (sameList) are neither linked nor
//     proposed, nor is a pair a person decided on (a confirmed or
//     rejected link under graph.SourceReview), nor a pair already one
//     party through the links that stand;
//  5. strong candidates are taken in order (identifiers, then names by
//     descending score); one that would put two entries of one list, a
//     rejected pair or two conflicting records into one party
//     (parties.mergeBlock) becomes a possible link, with the reason in its
//     evidence; one whose records are already one party is dropped.
//
// Links come out with A < B, Provenance {SourceName, the link key or the
// two names}, and Evidence saying why (the identifier; the names and
// score with the corroborating attribute, or "no corroborating
// attribute").
func Resolve(in Input, opt Options) Result {
	th := opt.Threshold
	if th == 0 {
		th = DefaultThreshold
	}
	r := &run{threshold: th, index: make(map[string]int), rejected: make(map[[2]string]bool),
		decided: make(map[[2]string]bool)}
	r.res.Counts.Entities = len(in.Entities)
	ps := make([]*prepared, len(in.Entities))
	for i := range in.Entities {
		e := &in.Entities[i]
		ps[i] = prepare(e)
		r.add(e.ID, profileOf(e, in.Lists[e.ID]))
	}
	r.standing(in.Links)
	var strong, possible []cand
	for _, p := range identifierPairs(in.Entities) {
		c := r.cand(p.i, p.j, in.Entities[p.i].Name, in.Entities[p.j].Name)
		c.method, c.score, c.record, c.evidence = "identifier:"+keyScheme(p.key), 1, p.key, "identifier "+p.key
		if r.refused(c.i, c.j) {
			continue
		}
		if r.vetoed(c) {
			continue
		}
		strong = append(strong, c)
	}
	for _, m := range nameMatches(ps, r.refused) {
		c := r.cand(m.i, m.j, m.na, m.nb)
		c.method, c.score, c.record = "name", m.s, c.na+" ~ "+c.nb
		c.evidence = fmt.Sprintf("names '%s' ~ '%s' (%.2f)", c.na, c.nb, m.s)
		switch {
		case m.s < th || m.apart != "":
			// a candidate for review, unless an attribute already says
			// the two are different
			if len(conflicts(r.profiles[c.i], r.profiles[c.j])) > 0 {
				continue
			}
			if m.apart != "" {
				c.evidence += "; different units: " + m.apart
			}
			r.review(c, ReviewBelow)
			r.res.Counts.Review++
		case r.vetoed(c):
		default:
			if method, ev := corroborate(r.profiles[c.i], r.profiles[c.j]); method != "" {
				c.method, c.evidence = method, c.evidence+"; "+ev
				strong = append(strong, c)
			} else {
				c.evidence += "; no corroborating attribute"
				possible = append(possible, c)
			}
		}
	}
	// identifiers first (in input order), then names by descending score
	// (nameMatches' order): append keeps both orders
	for _, c := range strong {
		if r.parties.same(c.i, c.j) {
			continue
		}
		if why := r.parties.mergeBlock(c.i, c.j, r.profiles, r.ids, r.rejected); why != "" {
			c.evidence += "; not merged: " + why
			possible = append(possible, c)
			continue
		}
		r.parties.union(c.i, c.j)
		r.link(c, graph.StrengthStrong)
		if strings.HasPrefix(c.method, "identifier:") {
			r.res.Counts.ByIdentifier++
		} else {
			r.res.Counts.ByName++
		}
	}
	for _, c := range possible {
		if r.parties.same(c.i, c.j) {
			continue
		}
		r.link(c, graph.StrengthPossible)
		r.review(c, ReviewPossible)
		r.res.Counts.Possible++
	}
	slices.SortStableFunc(r.res.Review, func(a, b Candidate) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(a.A, b.A); c != 0 {
			return c
		}
		return cmp.Compare(a.B, b.B)
	})
	return r.res
}

// cand is a candidate link between records i and j.
type cand struct {
	i, j             int
	method, evidence string
	record           string
	score            float64
	na, nb           string
}

// cand returns a candidate between records i and j (names na, nb) with
// its ends in the order of their ids, as the link will have them.
func (r *run) cand(i, j int, na, nb string) cand {
	if r.ids[j] < r.ids[i] {
		i, j, na, nb = j, i, nb, na
	}
	return cand{i: i, j: j, na: na, nb: nb}
}

// run is the state of one Resolve.
type run struct {
	threshold float64
	ids       []string // record ids by index: the entities, then ids only links name
	profiles  []*profile
	index     map[string]int
	parties   *parties
	rejected  map[[2]string]bool // pairs a person rejected
	decided   map[[2]string]bool // pairs a person confirmed or rejected
	res       Result
}

func (r *run) add(id string, p *profile) int {
	if i, ok := r.index[id]; ok {
		return i
	}
	r.index[id] = len(r.ids)
	r.ids = append(r.ids, id)
	r.profiles = append(r.profiles, p)
	return len(r.ids) - 1
}

// standing takes in the links that stand (all but SourceName's): the
// pairs decided by a person, and the parties their strong links make
// (graph.PartyLinks: a rejection drops the pair's other links).
func (r *run) standing(links []graph.SameAs) {
	var kept []graph.SameAs
	for _, l := range links {
		if l.Source == SourceName {
			continue
		}
		kept = append(kept, l)
		if l.Source == graph.SourceReview {
			r.decided[l.Pair()] = true
		}
		if l.Strength == graph.StrengthRejected {
			r.rejected[l.Pair()] = true
		}
	}
	strong, _ := graph.PartyLinks(kept)
	for _, l := range strong {
		for _, id := range []string{l.A, l.B} {
			r.add(id, &profile{id: id, unique: map[string][]string{}})
		}
	}
	r.parties = newParties(len(r.ids))
	for _, l := range strong {
		r.parties.union(r.index[l.A], r.index[l.B])
		if l.Method == graph.MethodConfirmed {
			r.res.Counts.Confirmed++
		}
	}
}

// refused reports whether records i and j are never linked automatically
// nor proposed: two entries of one list, a pair a person decided on, or
// records already one party through the links that stand.
func (r *run) refused(i, j int) bool {
	return sameList(r.profiles[i], r.profiles[j]) != "" || r.decided[pairOf(r.ids[i], r.ids[j])] ||
		r.parties.same(i, j)
}

// vetoed reports whether c's records conflict; if so it counts the veto
// and adds the review row.
func (r *run) vetoed(c cand) bool {
	cs := conflicts(r.profiles[c.i], r.profiles[c.j])
	if len(cs) == 0 {
		return false
	}
	c.evidence += "; conflict: " + strings.Join(cs, "; ")
	r.review(c, ReviewVetoed)
	r.res.Counts.Vetoed++
	return true
}

func (r *run) link(c cand, s graph.LinkStrength) {
	r.res.Links = append(r.res.Links, graph.SameAs{A: r.ids[c.i], B: r.ids[c.j], Method: c.method, Score: c.score,
		Strength: s, Evidence: c.evidence, Provenance: graph.Provenance{Source: SourceName, Record: c.record}})
}

func (r *run) review(c cand, strength string) {
	r.res.Review = append(r.res.Review, Candidate{A: r.ids[c.i], B: r.ids[c.j], NamesA: c.na, NamesB: c.nb,
		Score: c.score, Strength: strength, Evidence: c.evidence})
}
