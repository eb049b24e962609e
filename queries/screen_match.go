package queries

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/ownex/ownex/graph"
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
//  2. then the name: every distinct token of the store's names is filed
//     under its blocking keys (resolve.TokenKeys: the token, its
//     skeleton, its vowel-folded skeleton, its consonants, its one-edit
//     deletions, its first and last four letters); a row's tokens are
//     looked up under theirs. A record collects, for each row token, the
//     token's weight (rarity over the store, soft name elements) × the
//     factor of the best key it shares (a joined row token also finds
//     the tokens it joins), and a whole token's worth more when its date
//     of birth agrees with the row's; the best maxScored records are
//     scored with resolve.ScreenScorer (names, aliases, weak aliases,
//     then surname, identifier, date of birth and country evidence) and
//     decided (screen_decide.go).

// maxScored is how many ranked name candidates are scored per row.
const maxScored = 16

// minRankShare drops ranked candidates that collect less than this part
// of the best candidate's weight: they cannot score near it.
const minRankShare = 0.3

// maxPosting is the largest token posting that ranks candidates, unless
// it is the exact token of the row's rarest token (the rarest always
// counts).
const maxPosting = 2000

// MatchIndex is every entity record of a store indexed for matching
// (screen_match.go). It depends on the records alone — not on a date
// (the parties come from the Analysis) nor on a threshold (the scorer's
// floor is the screening's) — so one serves every screening of the store
// until the store changes. It is safe for concurrent use; its cache of
// row tokens' lookups is bounded (maxHitCache).
type MatchIndex struct{ m *matchIndex }

// NewMatchIndex reads every entity record of st and indexes it. One
// goroutine reads and prepares the records (resolve.PrepareRecord) while
// the caller's files them.
func NewMatchIndex(ctx context.Context, st graph.EntityLister) (*MatchIndex, error) {
	type prepared struct {
		e   graph.Entity
		rec *resolve.Record
	}
	const batch = 1024
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []prepared, 4)
	var readErr error
	go func() {
		defer close(batches)
		b := make([]prepared, 0, batch)
		readErr = st.Entities(ctx, func(e graph.Entity) error {
			b = append(b, prepared{e: e, rec: resolve.PrepareRecord(&e)})
			if len(b) < batch {
				return nil
			}
			select {
			case batches <- b:
				b = make([]prepared, 0, batch)
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		if readErr == nil && len(b) > 0 {
			batches <- b
		}
	}()
	m := newMatchIndex()
	for b := range batches {
		for i := range b {
			m.add(&b[i].e, b[i].rec)
		}
	}
	// batches is closed: readErr is set.
	if readErr != nil {
		return nil, fmt.Errorf("read entities: %w", readErr)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("read entities: %w", err)
	}
	m.finish()
	return &MatchIndex{m: m}, nil
}

type indexed struct {
	id, name string
	size     int // the fewest tokens of its names (resolve.Record.Tokens)
}

// matchIndex is every entity record of a store, indexed: it depends on
// the records only, not on a date (the parties) nor on a threshold (the
// scorer's floor), which a matcher adds. Read-only once finished, but for
// its caches (pool, hitCache), which are safe for concurrent use.
type matchIndex struct {
	ents  []indexed
	src   entityArena              // what preparing a record reads of each entity (record)
	stats *resolve.ScreenStats     // while the index is built: token rarity
	birth map[int32]resolve.Births // entities with a date of birth
	base  *resolve.ScreenScorer    // token weights; floor resolve.DefaultThreshold
	byKey map[string][]int32       // identifier link key -> entities
	vocab map[string]int32         // token -> vocabulary id
	words []string                 // vocabulary id -> token
	posts [][]int32                // vocabulary id -> entities, ascending
	keys  *keyTable                // blocking key -> vocabulary ids
	pool  sync.Pool                // *rankScratch

	hitMu    sync.RWMutex
	hitCache map[hitKey][]hit

	recMu    sync.Mutex
	recCache map[int32]*resolve.Record // prepared candidates, at most maxRecCache
}

// maxRecCache bounds the cache of prepared candidate records (about 1 kB
// each).
const maxRecCache = 1 << 16

// matcher is a match index as one screening uses it: with the parties as
// of its date and the scorer of its threshold.
type matcher struct {
	*matchIndex
	parties
	sc *resolve.ScreenScorer
}

func newMatchIndex() *matchIndex {
	return &matchIndex{byKey: map[string][]int32{}, vocab: map[string]int32{}, keys: newKeyTable(),
		stats: resolve.NewScreenStats(), birth: map[int32]resolve.Births{}, hitCache: map[hitKey][]hit{},
		recCache: map[int32]*resolve.Record{}}
}

// add files e, whose prepared record is rec (resolve.PrepareRecord):
// its identifiers' link keys, its tokens, its dates of birth and the
// fields of e that prepare it again (record); rec itself is not kept.
// finish must be called once every entity is added.
func (m *matchIndex) add(e *graph.Entity, rec *resolve.Record) {
	i := int32(len(m.ents))
	seenKey := map[string]bool{}
	for _, id := range e.Identifiers {
		if k, _, ok := resolve.LinkKey(id); ok && !seenKey[k] {
			seenKey[k] = true
			m.byKey[k] = append(m.byKey[k], i)
		}
	}
	rec.EachToken(func(_ int, tok string, _ float64) {
		v, ok := m.vocab[tok]
		if !ok {
			v = int32(len(m.posts))
			m.vocab[tok] = v
			m.words = append(m.words, tok)
			m.posts = append(m.posts, nil)
			resolve.TokenKeys(tok, func(key []byte, f float64) {
				m.keys.add(key, f, v)
			})
		}
		if p := m.posts[v]; len(p) == 0 || p[len(p)-1] != i {
			m.posts[v] = append(p, i)
		}
	})
	m.stats.Count(rec)
	if rec.HasBirthDate() {
		m.birth[i] = rec.Births()
	}
	m.src.add(e)
	m.ents = append(m.ents, indexed{id: e.ID, name: e.Name, size: rec.Tokens()})
}

// finish builds the scorer: token rarity over every record added.
func (m *matchIndex) finish() {
	m.keys.finish()
	m.base = resolve.NewScreenScorerOf(m.stats, resolve.DefaultThreshold)
	m.stats = nil
}

// record returns entity i prepared and weighed (resolve.ScreenScorer.
// Prepare): the record that a scorer over every record of the index
// holds for it. Prepared records are cached, up to maxRecCache.
func (m *matchIndex) record(i int32) (*resolve.Record, error) {
	m.recMu.Lock()
	r, ok := m.recCache[i]
	m.recMu.Unlock()
	if ok {
		return r, nil
	}
	e, err := m.src.entity(i, m.ents[i].id, m.ents[i].name)
	if err != nil {
		return nil, err
	}
	r = m.base.Prepare(&e)
	m.recMu.Lock()
	if len(m.recCache) >= maxRecCache {
		clear(m.recCache)
	}
	m.recCache[i] = r
	m.recMu.Unlock()
	return r, nil
}

// matcher returns m with the parties p and the threshold.
func (m *matchIndex) matcher(p parties, threshold float64) *matcher {
	return &matcher{matchIndex: m, parties: p, sc: m.base.WithFloor(threshold)}
}

// row prepares c for matching.
func (m *matcher) row(c *Counterparty) *resolve.Record {
	e := graph.Entity{Name: c.Name}
	if c.Country != "" {
		e.Countries = []string{c.Country}
	}
	for _, id := range c.Identifiers {
		if id.Country == "" && c.Country != "" {
			id.Country = c.Country
		}
		e.Identifiers = append(e.Identifiers, id)
	}
	if d, ok := birthDate(c.BirthDate); ok {
		e.Facts = []graph.Fact{{Type: graph.FactBirthDate, Value: d}}
	}
	return m.sc.Row(e)
}

func (m *matcher) match(c *Counterparty, threshold, margin float64) (Match, error) {
	row := m.row(c)
	if mt, ok, err := m.byIdentifier(c, row, margin); ok || err != nil {
		return mt, err
	}
	if strings.TrimSpace(c.Name) == "" {
		return Match{Status: MatchUnmatched}, nil
	}
	return m.decide(row, m.nameCandidates(row), MethodName, threshold, margin)
}

// byIdentifier matches on the row's linking identifiers; ok is false when
// none of them is in the index.
func (m *matcher) byIdentifier(c *Counterparty, row *resolve.Record, margin float64) (_ Match, ok bool, _ error) {
	var hits []int32
	scheme, key := "", ""
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
			scheme, key = sch, k
		}
	}
	if len(hits) == 0 {
		return Match{}, false, nil
	}
	method := MethodIdentifier + ":" + scheme
	decisive := Evidence{Kind: "identifier", Effect: "decisive", Factor: 1, Detail: key}
	clusters := map[string]bool{}
	for _, i := range hits {
		clusters[m.clusterOf(m.ents[i].id)] = true
	}
	if len(clusters) == 1 {
		best := hits[0]
		for _, i := range hits[1:] {
			if m.ents[i].id < m.ents[best].id {
				best = i
			}
		}
		e := &m.ents[best]
		why, err := m.explain(row, best)
		if err != nil {
			return Match{}, true, err
		}
		why.Evidence = append(why.Evidence, decisive)
		return Match{Status: MatchMatched, Method: method, Confidence: 1, Entity: e.id, Name: e.name,
			Party: m.members(m.clusterOf(e.id), e.id), Why: why}, true, nil
	}
	// Several parties share the identifier: let the names decide, with
	// no threshold (the identifier already vouches for each of them).
	mt, err := m.decide(row, hits, method+"+"+MethodName, 0, margin)
	if err != nil {
		return Match{}, true, err
	}
	if mt.Status == MatchMatched {
		mt.Confidence = 1
		mt.Why.Evidence = append(mt.Why.Evidence, decisive)
	}
	return mt, true, nil
}

// minSplit is the shortest part of a joined row token looked up as a
// token of its own, keySplit the factor of such a part.
const (
	minSplit = 2
	keySplit = 0.8
)

// birthRank is what a record whose date of birth agrees with the row's
// adds to its rank: as much as a whole token, so that among many records
// sharing common tokens (ABD ALLAH) the person born that day is scored.
const birthRank = 1.0

// minFuzzyWeight is the lowest weight of a row token that is looked up
// under all its keys; a lighter one (a soft or common token) only under
// itself: it adds little to a record's rank.
const minFuzzyWeight = 0.5

// rankScratch is nameCandidates' working memory, reused through a pool:
// values per vocabulary id and per record, valid where their generation
// is the current one.
type rankScratch struct {
	vgen, rgen, agen uint32
	vocF             []float64
	vocGen           []uint32
	bestF, acc       []float64
	bestGen, accGen  []uint32
	vs, touched, out []int32
}

func (m *matchIndex) scratch() *rankScratch {
	if x, ok := m.pool.Get().(*rankScratch); ok {
		return x
	}
	return &rankScratch{vocF: make([]float64, len(m.posts)), vocGen: make([]uint32, len(m.posts)),
		bestF: make([]float64, len(m.ents)), acc: make([]float64, len(m.ents)),
		bestGen: make([]uint32, len(m.ents)), accGen: make([]uint32, len(m.ents))}
}

// next returns the next generation of g, clearing gens when it wraps.
func next(g *uint32, gens []uint32) uint32 {
	if *g++; *g == 0 {
		clear(gens)
		*g = 1
	}
	return *g
}

// hit is a vocabulary token that a row token finds, with the factor of
// the best key they share.
type hit struct {
	v int32
	f float64
}

// hitKey identifies a row token's lookup.
type hitKey struct {
	tok   string
	fuzzy bool
}

// maxHitCache bounds the cache of row tokens' hits.
const maxHitCache = 1 << 18

// tokenHits returns the vocabulary tokens that tok finds: itself, and
// with fuzzy set every token sharing a blocking key with it (an affix key
// within the typo allowance counting as a deletion key) and the tokens
// it joins, by vocabulary id. Rows repeat their tokens: the answer is
// cached.
func (m *matchIndex) tokenHits(tok string, fuzzy bool, x *rankScratch) []hit {
	k := hitKey{tok, fuzzy}
	m.hitMu.RLock()
	hs, ok := m.hitCache[k]
	m.hitMu.RUnlock()
	if ok {
		return hs
	}
	g := next(&x.vgen, x.vocGen)
	x.vs = x.vs[:0]
	add := func(v int32, f float64) {
		if x.vocGen[v] != g {
			x.vocGen[v], x.vocF[v] = g, f
			x.vs = append(x.vs, v)
		} else if f > x.vocF[v] {
			x.vocF[v] = f
		}
	}
	if !fuzzy {
		if v, ok := m.vocab[tok]; ok {
			add(v, resolve.KeyToken)
		}
	} else {
		resolve.TokenKeys(tok, func(key []byte, _ float64) {
			if ids, kf, ok := m.keys.find(key); ok {
				for _, v := range ids {
					f := kf
					if f == resolve.KeyAffix && resolve.TypoClose(tok, m.words[v]) {
						f = resolve.KeyDeletion // two edits in a long token
					}
					add(v, f)
				}
			}
		})
		// a joined name (KANGCHIN) finds the tokens it joins (KANG CHIN)
		for k := minSplit; len(tok) >= 2*minSplit && k <= len(tok)-minSplit; k++ {
			l, okl := m.vocab[tok[:k]]
			r, okr := m.vocab[tok[k:]]
			if okl && okr {
				add(l, keySplit)
				add(r, keySplit)
			}
		}
	}
	slices.Sort(x.vs) // a deterministic order of the sums in nameCandidates
	hs = make([]hit, len(x.vs))
	for i, v := range x.vs {
		hs[i] = hit{v, x.vocF[v]}
	}
	m.hitMu.Lock()
	if len(m.hitCache) < maxHitCache {
		m.hitCache[k] = hs
	}
	m.hitMu.Unlock()
	return hs
}

// nameCandidates returns the records sharing blocking keys with the
// row's tokens, best ranked first, at most maxScored: each record
// collects, for each row token, the token's weight × the best factor
// among the keys it shares with it.
func (m *matchIndex) nameCandidates(row *resolve.Record) []int32 {
	x := m.scratch()
	defer m.pool.Put(x)
	type tokHits struct {
		w    float64
		hits []hit
	}
	var toks []tokHits
	rarest, rarestN := -1, math.MaxInt
	row.EachToken(func(_ int, tok string, w float64) {
		toks = append(toks, tokHits{w, m.tokenHits(tok, w >= minFuzzyWeight, x)})
		if v, ok := m.vocab[tok]; ok && len(m.posts[v]) < rarestN {
			rarest, rarestN = len(toks)-1, len(m.posts[v])
		}
	})
	ag := next(&x.agen, x.accGen)
	x.out = x.out[:0]
	for t, th := range toks {
		g := next(&x.rgen, x.bestGen)
		x.touched = x.touched[:0]
		for _, h := range th.hits {
			post := m.posts[h.v]
			if len(post) > maxPosting && !(t == rarest && h.f == resolve.KeyToken) {
				continue
			}
			for _, i := range post {
				if x.bestGen[i] != g {
					x.bestGen[i], x.bestF[i] = g, h.f
					x.touched = append(x.touched, i)
				} else if h.f > x.bestF[i] {
					x.bestF[i] = h.f
				}
			}
		}
		for _, i := range x.touched {
			if x.accGen[i] != ag {
				x.accGen[i], x.acc[i] = ag, 0
				x.out = append(x.out, i)
			}
			x.acc[i] += th.w * x.bestF[i]
		}
	}
	if row.HasBirthDate() {
		for _, i := range x.out {
			if b, ok := m.birth[i]; ok && row.BirthAgreesWith(b) {
				x.acc[i] += birthRank
			}
		}
	}
	// the best maxScored, by weight, then the fewest tokens, then index
	// (kept sorted)
	acc := x.acc
	better := func(a, b int32) bool {
		if acc[a] != acc[b] {
			return acc[a] > acc[b]
		}
		if sa, sb := m.ents[a].size, m.ents[b].size; sa != sb {
			return sa < sb
		}
		return a < b
	}
	out := make([]int32, 0, maxScored+1)
	for _, i := range x.out {
		if len(out) == maxScored && !better(i, out[maxScored-1]) {
			continue
		}
		k := len(out)
		for k > 0 && better(i, out[k-1]) {
			k--
		}
		out = slices.Insert(out, k, i)
		if len(out) > maxScored {
			out = out[:maxScored]
		}
	}
	for k, i := range out {
		if acc[i] < minRankShare*acc[out[0]] {
			return out[:k]
		}
	}
	return out
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
