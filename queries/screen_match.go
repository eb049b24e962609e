package queries

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/resolve"
)

// Matching a counterparty to the graph:
//
//  1. identifiers first: every identifier of the row that links
//     (resolve.LinkKey: LEI, IMO, UK company number, INN, OGRN, SWIFT,
//     registration and tax numbers with a country, the row's country
//     filling a missing one) is looked up in an index of every entity's
//     link keys. One party found (same-as clusters count as one): matched,
//     method "identifier:<scheme>", confidence 1. Several: the names
//     decide between them, as in step 2, among those parties only.
//  2. then the name: candidates are the entities sharing a name block
//     with the row (a NameKey token, or the first or last four letters of
//     a token of five or more, so that a typo still finds its entity),
//     ranked by the rarity of what they share; the best maxScored are
//     scored with resolve.Score (names, aliases, weak aliases; kind and
//     country gates). Below the threshold: unmatched. Two parties at or
//     above the threshold within the margin of each other: ambiguous.
//     Otherwise: matched, method "name", confidence the score.

// maxScored is how many ranked name candidates are scored per row.
const maxScored = 10

// minRankShare drops ranked candidates that share less than this part of
// the best candidate's block weight: they cannot score near it.
const minRankShare = 0.4

// maxPosting is the largest name block that ranks candidates, unless the
// row has nothing rarer (the rarest block always counts).
const maxPosting = 2000

type indexed struct {
	e       graph.Entity // names, aliases, kind, countries only
	cluster string       // same-as representative, or the id
}

type matchIndex struct {
	ents   []indexed
	byKey  map[string][]int32 // identifier link key -> entities
	byName map[string][]int32 // name block -> entities
	canon  map[string]string  // same-as member -> representative
}

func newMatchIndex(sameAs []graph.SameAs) *matchIndex {
	return &matchIndex{byKey: map[string][]int32{}, byName: map[string][]int32{}, canon: exposure.Clusters(sameAs)}
}

func (m *matchIndex) add(e graph.Entity) {
	i := int32(len(m.ents))
	cl := e.ID
	if r, ok := m.canon[e.ID]; ok {
		cl = r
	}
	seenKey := map[string]bool{}
	for _, id := range e.Identifiers {
		if k, _, ok := resolve.LinkKey(id); ok && !seenKey[k] {
			seenKey[k] = true
			m.byKey[k] = append(m.byKey[k], i)
		}
	}
	seen := map[string]bool{}
	for _, n := range entityNames(&e) {
		for _, b := range nameBlocks(n) {
			if !seen[b] {
				seen[b] = true
				m.byName[b] = append(m.byName[b], i)
			}
		}
	}
	m.ents = append(m.ents, indexed{e: graph.Entity{ID: e.ID, Kind: e.Kind, Name: e.Name, Aliases: e.Aliases,
		WeakAliases: e.WeakAliases, Countries: e.Countries}, cluster: cl})
}

func entityNames(e *graph.Entity) []string {
	out := make([]string, 0, 1+len(e.Aliases)+len(e.WeakAliases))
	out = append(out, e.Name)
	out = append(out, e.Aliases...)
	return append(out, e.WeakAliases...)
}

// nameBlocks returns the blocking keys of a name: its NameKey tokens
// ("t:"), and for tokens of five runes or more their first ("p:") and
// last ("s:") four runes.
func nameBlocks(name string) []string {
	var out []string
	for _, t := range resolve.NameKey(name) {
		out = append(out, "t:"+t)
		if r := []rune(t); len(r) >= 5 {
			out = append(out, "p:"+string(r[:4]), "s:"+string(r[len(r)-4:]))
		}
	}
	return out
}

func (m *matchIndex) match(c *Counterparty, threshold, margin float64) Match {
	probe := graph.Entity{Name: c.Name}
	if c.Country != "" {
		probe.Countries = []string{c.Country}
	}
	if mt, ok := m.byIdentifier(c, &probe, threshold, margin); ok {
		return mt
	}
	if strings.TrimSpace(c.Name) == "" {
		return Match{Status: MatchUnmatched}
	}
	return m.decide(&probe, m.nameCandidates(c.Name), MethodName, threshold, margin)
}

// byIdentifier matches on the row's linking identifiers; ok is false when
// none of them is in the index.
func (m *matchIndex) byIdentifier(c *Counterparty, probe *graph.Entity, threshold, margin float64) (Match, bool) {
	var hits []int32
	scheme := ""
	for _, id := range c.Identifiers {
		if id.Country == "" && c.Country != "" {
			id.Country = c.Country
		}
		k, sch, ok := resolve.LinkKey(id)
		if !ok {
			continue
		}
		for _, i := range m.byKey[k] {
			if !slices.Contains(hits, i) {
				hits = append(hits, i)
			}
		}
		if len(m.byKey[k]) > 0 && scheme == "" {
			scheme = sch
		}
	}
	if len(hits) == 0 {
		return Match{}, false
	}
	method := MethodIdentifier + ":" + scheme
	clusters := map[string]bool{}
	for _, i := range hits {
		clusters[m.ents[i].cluster] = true
	}
	if len(clusters) == 1 {
		best := hits[0]
		for _, i := range hits[1:] {
			if m.ents[i].e.ID < m.ents[best].e.ID {
				best = i
			}
		}
		e := &m.ents[best].e
		return Match{Status: MatchMatched, Method: method, Confidence: 1, Entity: e.ID, Name: e.Name}, true
	}
	// Several parties share the identifier: let the names decide, with
	// no threshold (the identifier already vouches for each of them).
	mt := m.decide(probe, hits, method+"+"+MethodName, 0, margin)
	if mt.Status == MatchMatched {
		mt.Confidence = 1
	}
	return mt, true
}

// nameCandidates returns the entities sharing the rarest name blocks with
// name, best ranked first, at most maxScored.
func (m *matchIndex) nameCandidates(name string) []int32 {
	blocks := nameBlocks(name)
	type post struct {
		ids []int32
		w   float64
	}
	posts := make([]post, 0, len(blocks))
	n := float64(len(m.ents) + 1)
	for _, b := range blocks {
		ids := m.byName[b]
		if len(ids) == 0 {
			continue
		}
		w := math.Log(n / float64(len(ids)))
		if b[0] == 't' {
			w *= 2 // a whole token counts more than a prefix or suffix
		}
		posts = append(posts, post{ids, w})
	}
	if len(posts) == 0 {
		return nil
	}
	sort.Slice(posts, func(i, j int) bool { return len(posts[i].ids) < len(posts[j].ids) })
	acc := map[int32]float64{}
	for k, p := range posts {
		if k > 0 && len(p.ids) > maxPosting {
			break
		}
		for _, i := range p.ids {
			acc[i] += p.w
		}
	}
	out := make([]int32, 0, len(acc))
	for i := range acc {
		out = append(out, i)
	}
	sort.Slice(out, func(x, y int) bool {
		if acc[out[x]] != acc[out[y]] {
			return acc[out[x]] > acc[out[y]]
		}
		return out[x] < out[y]
	})
	if len(out) > maxScored {
		out = out[:maxScored]
	}
	for k, i := range out {
		if acc[i] < minRankShare*acc[out[0]] {
			return out[:k]
		}
	}
	return out
}

// decide scores cands against probe and applies the threshold and the
// ambiguity margin.
func (m *matchIndex) decide(probe *graph.Entity, cands []int32, method string, threshold, margin float64) Match {
	type scored struct {
		i int32
		s float64
	}
	ss := make([]scored, 0, len(cands))
	for _, i := range cands {
		if s := resolve.Score(*probe, m.ents[i].e); s > 0 {
			ss = append(ss, scored{i, s})
		}
	}
	sort.Slice(ss, func(x, y int) bool {
		if ss[x].s != ss[y].s {
			return ss[x].s > ss[y].s
		}
		return m.ents[ss[x].i].e.ID < m.ents[ss[y].i].e.ID
	})
	cand := func(x scored) Candidate {
		e := &m.ents[x.i].e
		return Candidate{ID: e.ID, Name: e.Name, Score: round3(x.s), Method: method}
	}
	if len(ss) == 0 || ss[0].s < threshold {
		mt := Match{Status: MatchUnmatched}
		if len(ss) > 0 {
			mt.Confidence = round3(ss[0].s)
		}
		for _, x := range ss {
			if x.s < resolve.ReviewFloor || len(mt.Candidates) == 3 {
				break
			}
			mt.Candidates = append(mt.Candidates, cand(x))
		}
		return mt
	}
	best := ss[0]
	var near []Candidate
	clusters := map[string]bool{m.ents[best.i].cluster: true}
	for _, x := range ss {
		if x.s < threshold || best.s-x.s > margin {
			break
		}
		if cl := m.ents[x.i].cluster; !clusters[cl] || x.i == best.i {
			clusters[cl] = true
			near = append(near, cand(x))
		}
	}
	if len(near) > 1 {
		return Match{Status: MatchAmbiguous, Method: method, Confidence: round3(best.s), Candidates: near}
	}
	e := &m.ents[best.i].e
	return Match{Status: MatchMatched, Method: method, Confidence: round3(best.s), Entity: e.ID, Name: e.Name}
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
