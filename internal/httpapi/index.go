package httpapi

import (
	"context"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/resolve"
)

// searchIndex finds entities by ID, by identifier (resolve.LinkKey, or
// the raw scheme:value) and by name tokens (resolve.NameKey of names and
// aliases). It is built once from graph.EntityLister.
type searchIndex struct {
	ents    []indexed
	byID    map[string]int32
	byIdent map[string][]int32 // link key or lower-cased scheme:value
	byToken map[string][]int32
	tokens  []string // sorted keys of byToken, for prefix search
}

type indexed struct {
	id, name  string
	kind      graph.Kind
	countries []string
	ntokens   int // tokens of the primary name
}

// SearchHit is one search result.
type SearchHit struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Kind      graph.Kind `json:"kind,omitempty"`
	Countries []string   `json:"countries,omitempty"`
	Score     float64    `json:"score"`
	Method    string     `json:"method"` // id, identifier or name
}

func buildIndex(ctx context.Context, st graph.EntityLister) (*searchIndex, error) {
	x := &searchIndex{byID: map[string]int32{}, byIdent: map[string][]int32{}, byToken: map[string][]int32{}}
	err := st.Entities(ctx, func(e graph.Entity) error {
		i := int32(len(x.ents))
		toks := resolve.NameKey(e.Name)
		x.ents = append(x.ents, indexed{id: e.ID, name: e.Name, kind: e.Kind, countries: e.Countries, ntokens: len(toks)})
		x.byID[e.ID] = i
		for _, id := range e.Identifiers {
			for _, k := range identKeys(id) {
				x.byIdent[k] = appendOnce(x.byIdent[k], i)
			}
		}
		seen := map[string]bool{}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			for _, t := range resolve.NameKey(n) {
				if !seen[t] {
					seen[t] = true
					x.byToken[t] = append(x.byToken[t], i)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for t := range x.byToken {
		x.tokens = append(x.tokens, t)
	}
	sort.Strings(x.tokens)
	return x, nil
}

func appendOnce(s []int32, i int32) []int32 {
	if len(s) > 0 && s[len(s)-1] == i {
		return s
	}
	return append(s, i)
}

func identKeys(id graph.Identifier) []string {
	keys := []string{strings.ToLower(id.Scheme + ":" + id.Value)}
	if k, _, ok := resolve.LinkKey(id); ok {
		keys = append(keys, k)
	}
	return keys
}

// search returns at most limit hits for q: the entity with that ID, then
// identifier matches, then name matches ranked by the share of the
// query's tokens found (the last token may be a prefix).
func (x *searchIndex) search(q string, limit int) []SearchHit {
	q = strings.TrimSpace(q)
	var hits []SearchHit
	seen := map[int32]bool{}
	add := func(i int32, score float64, method string) {
		if seen[i] || len(hits) >= limit {
			return
		}
		seen[i] = true
		e := x.ents[i]
		hits = append(hits, SearchHit{ID: e.id, Name: e.name, Kind: e.kind, Countries: e.countries, Score: score, Method: method})
	}
	if i, ok := x.byID[q]; ok {
		add(i, 1, "id")
	}
	if scheme, value, ok := strings.Cut(q, ":"); ok && scheme != "" && value != "" {
		id := graph.Identifier{Scheme: strings.TrimSpace(scheme), Value: strings.TrimSpace(value)}
		for _, k := range identKeys(id) {
			for _, i := range x.byIdent[k] {
				add(i, 1, "identifier")
			}
		}
	}
	toks := resolve.NameKey(q)
	if len(toks) == 0 {
		return hits
	}
	// The last typed token may be incomplete: match it as a prefix.
	ordered := strings.Fields(strings.ToLower(q))
	var prefix string
	if len(ordered) > 0 {
		last := resolve.NameKey(ordered[len(ordered)-1])
		if len(last) == 1 {
			prefix = last[0]
		}
	}
	count := map[int32]int{}
	for _, t := range toks {
		set := map[int32]bool{}
		for _, i := range x.byToken[t] {
			set[i] = true
		}
		if t == prefix {
			j := sort.SearchStrings(x.tokens, t)
			for ; j < len(x.tokens) && strings.HasPrefix(x.tokens[j], t) && j < sort.SearchStrings(x.tokens, t)+200; j++ {
				for _, i := range x.byToken[x.tokens[j]] {
					set[i] = true
				}
			}
		}
		for i := range set {
			count[i]++
		}
	}
	type cand struct {
		i     int32
		score float64
	}
	var cands []cand
	for i, n := range count {
		if n < len(toks) {
			continue // every token must match
		}
		e := x.ents[i]
		score := 1.0
		if e.ntokens > len(toks) {
			score = float64(len(toks)) / float64(e.ntokens)
		}
		cands = append(cands, cand{i, score})
	}
	sort.Slice(cands, func(a, b int) bool {
		if cands[a].score != cands[b].score {
			return cands[a].score > cands[b].score
		}
		return x.ents[cands[a].i].id < x.ents[cands[b].i].id
	})
	for _, c := range cands {
		add(c.i, float64(int(c.score*1000))/1000, "name")
	}
	return hits
}

func (x *searchIndex) size() int { return len(x.ents) }
