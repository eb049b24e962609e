package httpapi

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/resolve"
)

// searchIndex finds entities by ID, by identifier (resolve.LinkKey, or
// the raw scheme:value) and by name tokens (resolve.NameKey of names and
// aliases), and lists each party once (parties.go). It is built once from
// graph.EntityLister and the store's same-as links.
type searchIndex struct {
	ents []indexed
	// party maps each record of a party of several records to the party's
	// id (exposure.Clusters); members lists a party's records in byte
	// order.
	party   map[string]string
	members map[string][]string
	parties int // the parties the indexed records make
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

// SearchHit is one search result: a party, under the first of its
// records that matched. Name is the record's name, or, for a record
// without one of its own (a stub), the party's; Party lists the party's
// record ids when it has several.
type SearchHit struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Party     []string   `json:"party,omitempty"`
	Kind      graph.Kind `json:"kind,omitempty"`
	Countries []string   `json:"countries,omitempty"`
	Score     float64    `json:"score"`
	Method    string     `json:"method"` // id, identifier or name
}

func buildIndex(ctx context.Context, st graph.EntityLister, links []graph.SameAs) (*searchIndex, error) {
	x := &searchIndex{byID: map[string]int32{}, byIdent: map[string][]int32{}, byToken: map[string][]int32{},
		party: exposure.Clusters(links), members: map[string][]string{}}
	for id, rep := range x.party {
		x.members[rep] = append(x.members[rep], id)
	}
	for _, ms := range x.members {
		slices.Sort(ms)
	}
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
	x.parties = len(x.ents)
	for _, ms := range x.members {
		n := 0
		for _, id := range ms {
			if _, ok := x.byID[id]; ok {
				n++
			}
		}
		if n > 0 { // the n records are one party
			x.parties -= n - 1
		}
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
	seen := map[string]bool{} // parties listed
	add := func(i int32, score float64, method string) {
		e := x.ents[i]
		rep, inParty := x.party[e.id]
		if !inParty {
			rep = e.id
		}
		if seen[rep] || len(hits) >= limit {
			return
		}
		seen[rep] = true
		h := SearchHit{ID: e.id, Name: e.name, Kind: e.kind, Countries: e.countries, Score: score, Method: method}
		if inParty {
			h.Party = x.members[rep]
			if !graph.Named(e.id, e.name) {
				h.Name = graph.PartyName(rep, h.Party, x.nameOf)
			}
		}
		hits = append(hits, h)
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
	count := x.matchAll(toks, prefix)
	type cand struct {
		i     int32
		score float64
	}
	var cands []cand
	for _, i := range count {
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

// nameOf is the stored name of record id (its id when not indexed).
func (x *searchIndex) nameOf(id string) string {
	if i, ok := x.byID[id]; ok {
		return x.ents[i].name
	}
	return id
}

// maxCandidates bounds the entities scored for one query: a query of only
// very common words ("company") would otherwise score most of the store.
const maxCandidates = 5000

// matchAll returns the entities whose names contain every token (the
// prefix token as a prefix). Posting lists are sorted, so it starts from
// the rarest token and checks the others by binary search: the work
// follows the rarest token, not the most common one.
func (x *searchIndex) matchAll(toks []string, prefix string) []int32 {
	lists := make([][][]int32, len(toks))
	sizes := make([]int, len(toks))
	for k, t := range toks {
		lists[k] = append(lists[k], x.byToken[t])
		if t == prefix {
			start := sort.SearchStrings(x.tokens, t)
			for j := start; j < len(x.tokens) && j < start+200 && strings.HasPrefix(x.tokens[j], t); j++ {
				if x.tokens[j] != t {
					lists[k] = append(lists[k], x.byToken[x.tokens[j]])
				}
			}
		}
		for _, l := range lists[k] {
			sizes[k] += len(l)
		}
	}
	order := make([]int, len(toks))
	for k := range order {
		order[k] = k
	}
	sort.Slice(order, func(a, b int) bool { return sizes[order[a]] < sizes[order[b]] })
	seen := map[int32]bool{}
	var cands []int32
	for _, l := range lists[order[0]] {
		for _, i := range l {
			if !seen[i] {
				seen[i] = true
				cands = append(cands, i)
			}
		}
	}
	sort.Slice(cands, func(a, b int) bool { return cands[a] < cands[b] })
	var out []int32
	for _, i := range cands {
		if len(out) == maxCandidates {
			break
		}
		if x.inAll(i, lists, order[1:]) {
			out = append(out, i)
		}
	}
	return out
}

// inAll reports whether entity i is in one list of every token in ks.
func (x *searchIndex) inAll(i int32, lists [][][]int32, ks []int) bool {
	for _, k := range ks {
		found := false
		for _, l := range lists[k] {
			if j, ok := slices.BinarySearch(l, i); ok && l[j] == i {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
