package queries

import (
	"slices"
	"sort"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/resolve"
)

// Deciding a row's name candidates (RULES.md "Parties and links"; issue
// 14, "One party, several records"):
//
//   - each candidate is scored (resolve.ScreenScorer); the candidates of
//     one party (a strong same-as cluster: exposure.Clusters) count once,
//     by their best record;
//   - no party at or above the threshold: unmatched, with the best
//     parties scoring at least resolve.ReviewFloor (at most 3) as
//     candidates for a reviewer;
//   - several parties within the margin of the best, some whose country
//     agrees with the row's and the others' conflicting: only the first
//     count (a country never hides a name, but it tells apart two
//     parties of one name);
//   - one party at or above the threshold, or several within the margin
//     of the best where every other one is only a possible link of the
//     best (a possible same-as link between their records: a name match
//     nothing corroborated): matched to the best record, Party listing
//     every record of its party, PossiblySame the other parties' records
//     that matched;
//   - else ambiguous: one candidate per party within the margin.
//
// Every match and candidate says why (Why: resolve.Explanation).

// parties is what the index knows of the store's same-as links.
type parties struct {
	canon     map[string]string   // member of a strong cluster -> representative
	memberIDs map[string][]string // representative -> its members, sorted
	possible  map[[2]string]bool  // representatives joined by a possible link
}

func newParties(sameAs []graph.SameAs) parties {
	p := parties{canon: exposure.Clusters(sameAs), memberIDs: map[string][]string{}, possible: map[[2]string]bool{}}
	for m, r := range p.canon {
		p.memberIDs[r] = append(p.memberIDs[r], m)
	}
	for _, ms := range p.memberIDs {
		sort.Strings(ms)
	}
	_, possible := graph.PartyLinks(sameAs)
	for _, l := range possible {
		a, b := p.clusterOf(l.A), p.clusterOf(l.B)
		if a != b {
			p.possible[[2]string{min(a, b), max(a, b)}] = true
		}
	}
	return p
}

// clusterOf returns id's party representative (id when it is alone).
func (p *parties) clusterOf(id string) string {
	if r, ok := p.canon[id]; ok {
		return r
	}
	return id
}

// members returns the record ids of the party cl (id when it is alone).
func (p *parties) members(cl, id string) []string {
	if ms := p.memberIDs[cl]; len(ms) > 0 {
		return slices.Clone(ms)
	}
	return []string{id}
}

// possiblySame reports whether parties a and b are joined by a possible
// link.
func (p *parties) possiblySame(a, b string) bool {
	return p.possible[[2]string{min(a, b), max(a, b)}]
}

// scored is a candidate record and its score.
type scored struct {
	i       int32
	s       float64
	country int // resolve.Scored.Country
}

// decide scores cands against row and applies the threshold, the
// parties and the ambiguity margin.
func (m *matcher) decide(row *resolve.Record, cands []int32, method string, threshold, margin float64) (Match, error) {
	ss := make([]scored, 0, len(cands))
	for _, i := range cands {
		rec, err := m.record(i)
		if err != nil {
			return Match{}, err
		}
		if r := m.sc.Score(row, rec); r.Score > 0 {
			ss = append(ss, scored{i, r.Score, r.Country})
		}
	}
	sort.Slice(ss, func(x, y int) bool {
		if ss[x].s != ss[y].s {
			return ss[x].s > ss[y].s
		}
		return m.ents[ss[x].i].id < m.ents[ss[y].i].id
	})
	// the best record of each party, best first
	seen := map[string]bool{}
	best := ss[:0]
	for _, x := range ss {
		if cl := m.clusterOf(m.ents[x.i].id); !seen[cl] {
			seen[cl] = true
			best = append(best, x)
		}
	}
	cand := func(x scored) (Candidate, error) {
		e := &m.ents[x.i]
		why, err := m.explain(row, x.i)
		return Candidate{ID: e.id, Name: e.name, Score: round3(x.s), Method: method, Party: m.members(m.clusterOf(e.id), e.id),
			Why: why}, err
	}
	if len(best) == 0 || best[0].s < threshold {
		mt := Match{Status: MatchUnmatched}
		if len(best) > 0 {
			mt.Confidence = round3(best[0].s)
		}
		for _, x := range best {
			if x.s < resolve.ReviewFloor || len(mt.Candidates) == 3 {
				break
			}
			c, err := cand(x)
			if err != nil {
				return Match{}, err
			}
			mt.Candidates = append(mt.Candidates, c)
		}
		return mt, nil
	}
	near := []scored{best[0]}
	for _, x := range best[1:] {
		if x.s < threshold || best[0].s-x.s > margin {
			break
		}
		near = append(near, x)
	}
	near = byCountry(near)
	top := near[0]
	onlyPossible := true
	for _, x := range near[1:] {
		onlyPossible = onlyPossible && m.possiblySame(m.clusterOf(m.ents[top.i].id), m.clusterOf(m.ents[x.i].id))
	}
	if len(near) > 1 && !onlyPossible {
		mt := Match{Status: MatchAmbiguous, Method: method, Confidence: round3(top.s)}
		for _, x := range near {
			c, err := cand(x)
			if err != nil {
				return Match{}, err
			}
			mt.Candidates = append(mt.Candidates, c)
		}
		return mt, nil
	}
	e := &m.ents[top.i]
	why, err := m.explain(row, top.i)
	if err != nil {
		return Match{}, err
	}
	mt := Match{Status: MatchMatched, Method: method, Confidence: round3(top.s), Entity: e.id, Name: e.name,
		Party: m.members(m.clusterOf(e.id), e.id), Why: why}
	for _, x := range near[1:] {
		mt.PossiblySame = append(mt.PossiblySame, m.ents[x.i].id)
	}
	return mt, nil
}

// explain says why row scored what it did against record i.
func (m *matcher) explain(row *resolve.Record, i int32) (*MatchExplanation, error) {
	rec, err := m.record(i)
	if err != nil {
		return nil, err
	}
	ex, ok := m.sc.Explain(row, rec)
	if !ok {
		return &MatchExplanation{Matched: m.ents[i].name, Tokens: []TokenMatch{}}, nil
	}
	out := &MatchExplanation{Input: ex.Input, Matched: ex.Matched, Alias: ex.Alias, Weak: ex.Weak,
		NameScore: round3(ex.NameScore), Tokens: make([]TokenMatch, len(ex.Tokens))}
	for k, t := range ex.Tokens {
		out.Tokens[k] = TokenMatch(t)
	}
	for _, e := range ex.Evidence {
		out.Evidence = append(out.Evidence, Evidence(e))
	}
	return out, nil
}

// byCountry keeps, of parties within the margin of each other, those
// whose country agrees with the row's when all the others conflict.
func byCountry(near []scored) []scored {
	agree, conflict := 0, 0
	for _, x := range near {
		switch x.country {
		case 1:
			agree++
		case -1:
			conflict++
		}
	}
	if agree == 0 || agree+conflict < len(near) {
		return near
	}
	out := make([]scored, 0, agree)
	for _, x := range near {
		if x.country == 1 {
			out = append(out, x)
		}
	}
	return out
}
