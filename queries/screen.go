package queries

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"sync"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/resolve"
)

// ScreenStore is what screening reads: the snapshot for the one
// whole-store analysis (Analyze), every entity record for the match index,
// and upstream closures for the rows of other dates.
type ScreenStore interface {
	graph.Reader
	graph.EntityLister
	AnalysisSource
}

// Counterparty is one input row of a screening: a client's counterparty.
type Counterparty struct {
	// Line is the row's line in the input file (the header is line 1).
	Line int `json:"line"`
	// Ref is the client's own reference, copied to the output as is.
	Ref         string             `json:"ref"`
	Name        string             `json:"name"`
	Country     string             `json:"country,omitempty"`
	Identifiers []graph.Identifier `json:"identifiers,omitempty"`
	// BirthDate is the optional dob column: a date (YYYY-MM-DD) or a year
	// (YYYY), soft evidence for a person's match (issue 14).
	BirthDate string `json:"birth_date,omitempty"`
	// Date is the optional date column (issue 17, lookback screening):
	// the row is decided as of this date, e.g. a payment's, and its
	// verdicts also carry the status as of the screening's as-of date.
	// Empty: the row is decided as of the screening's as-of date.
	Date graph.Date `json:"date,omitempty"`
	// Problems lists what was wrong with the row (an identifier without
	// a scheme, ...). The row is still screened: nothing is dropped.
	Problems []string `json:"problems,omitempty"`
}

// MatchStatus says whether a counterparty was matched to one entity.
type MatchStatus string

// Match statuses.
const (
	MatchMatched   MatchStatus = "matched"
	MatchAmbiguous MatchStatus = "ambiguous"
	MatchUnmatched MatchStatus = "unmatched"
)

// Match methods.
const (
	// MethodIdentifier is followed by ":" and the scheme that linked, e.g.
	// "identifier:lei".
	MethodIdentifier = "identifier"
	MethodName       = "name"
)

// Candidate is an entity a counterparty might be.
type Candidate struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Score  float64 `json:"score"`
	Method string  `json:"method"`
	// Party lists the record ids of the candidate's party (its strong
	// same-as cluster, RULES.md "Parties and links"), ID included.
	Party []string `json:"party,omitempty"`
	// Why says how the score came about (issue 14).
	Why *MatchExplanation `json:"why,omitempty"`
}

// MatchExplanation says why a row matched a record (issue 14, "Why it
// matched"): which of the record's names matched the row's name, the score
// of each token pair, and what raised or lowered the score.
type MatchExplanation struct {
	// Input is the row's name, Matched the record's name or alias that
	// matched best; Alias and Weak say which kind of name Matched is.
	Input   string `json:"input"`
	Matched string `json:"matched"`
	Alias   bool   `json:"alias,omitempty"`
	Weak    bool   `json:"weak,omitempty"`
	// Tokens pairs the tokens of Input and Matched (an unpaired token has
	// an empty other side and score 0).
	Tokens []TokenMatch `json:"tokens"`
	// NameScore is the score of the names alone, before Evidence.
	NameScore float64 `json:"name_score"`
	// Evidence is what raised or lowered NameScore into the final score:
	// country, date of birth, identifiers.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// TokenMatch is one token pair of a name match.
type TokenMatch struct {
	Input   string  `json:"input"`
	Matched string  `json:"matched"`
	Score   float64 `json:"score"`  // similarity of the pair, 0..1
	Weight  float64 `json:"weight"` // how much the pair counts (rarity, given name, generic word)
	// How names the equivalence: exact, transliteration, phonetic,
	// typo, initial, ... (empty when unpaired).
	How string `json:"how,omitempty"`
}

// Evidence is one attribute compared between the row and the record.
type Evidence struct {
	// Kind is surname (a person's surname the match leaves unmatched),
	// identifier, birth-date or country.
	Kind string `json:"kind"`
	// Effect is agrees, conflicts, missing (surname) or decisive (an
	// identifier that matched); Factor multiplies the score (1 when it
	// changes nothing).
	Effect string  `json:"effect"`
	Factor float64 `json:"factor"`
	Detail string  `json:"detail"` // e.g. "row LV, record CY"
}

// Match is how a counterparty was matched to the graph. Confidence is 1
// for an identifier match and the resolver's name score otherwise.
// Candidates holds, for an ambiguous row, the candidates within the
// margin of the best; for an unmatched row, the best ones below the
// threshold (at least resolve.ReviewFloor), for a reviewer.
type Match struct {
	Status     MatchStatus `json:"status"`
	Method     string      `json:"method,omitempty"`
	Confidence float64     `json:"confidence"`
	Entity     string      `json:"entity,omitempty"`
	Name       string      `json:"entity_name,omitempty"`
	Candidates []Candidate `json:"candidates,omitempty"`
	// Party lists the record ids of the matched entity's party (its
	// strong same-as cluster), Entity included; PossiblySame the records
	// that are only possible links of it with the same name (issue 14,
	// "One party, several records").
	Party        []string `json:"party,omitempty"`
	PossiblySame []string `json:"possibly_same,omitempty"`
	// Why says how the match came about (issue 14, "Why it matched").
	Why *MatchExplanation `json:"why,omitempty"`
}

// RowVerdict is one regime's verdict on a matched counterparty.
type RowVerdict struct {
	Regime graph.Regime `json:"regime"`
	// Status is the status as of the row's date (Counterparty.Date), or
	// as of the screening's as-of date for a row without one.
	Status graph.Status `json:"status"`
	// StatusToday is, for a row with a date, the status as of the
	// screening's as-of date (lookback screening); empty for a row
	// without a date, whose Status is already that one.
	StatusToday graph.Status `json:"status_today,omitempty"`
	// Share is the counted share range (definite run's lower bound,
	// possible run's upper bound), Votes likewise.
	Share graph.Range  `json:"share"`
	Votes graph.Range  `json:"votes"`
	Flags []graph.Flag `json:"flags"`
	// LookThrough is the look-through share held by the parties
	// designated under the regime; nil for a designated entity, and for
	// a clear one unless ScreenOptions.LookThroughAll.
	LookThrough *DesignatedShare `json:"look_through,omitempty"`
	// Reason is a one-line summary of the proof.
	Reason string `json:"reason"`
	// Proof is set for every status but clear.
	Proof *graph.Proof `json:"proof,omitempty"`
	// PossiblySameAs, PossiblyExposedVia and PossibleStatus are the
	// verdict's possible links behind the flags possibly-same-as and
	// possibly-exposed (graph.Verdict); they never change Status.
	PossiblySameAs     []graph.PossibleLink `json:"possibly_same_as,omitempty"`
	PossiblyExposedVia []graph.PossibleLink `json:"possibly_exposed_via,omitempty"`
	PossibleStatus     graph.Status         `json:"possible_status,omitempty"`
}

// ScreenRow is the outcome for one counterparty: exactly one per input
// row, matched, ambiguous or unmatched, in input order.
type ScreenRow struct {
	Input    Counterparty `json:"input"`
	Match    Match        `json:"match"`
	Verdicts []RowVerdict `json:"verdicts,omitempty"`
}

// ScreenOptions configures a screening.
type ScreenOptions struct {
	AsOf    graph.Date
	Regimes []graph.Regime // empty: graph.Engines
	// Threshold is the lowest name score that matches (default
	// resolve.DefaultThreshold).
	Threshold float64
	// Margin: two candidates of different parties whose scores are both
	// at least Threshold and within Margin of each other make the row
	// ambiguous (default DefaultMargin).
	Margin float64
	// LookThroughAll computes the look-through share held by designated
	// parties for clear verdicts too (by default only for the others: on
	// a densely connected store each costs a solve over the entity's
	// upstream closure).
	LookThroughAll bool
	// Workers matching rows in parallel (default GOMAXPROCS).
	Workers int
	// Progress, when set, is called with the number of rows done, at
	// once per chunk of rows and at the end.
	Progress func(done int)
}

// DefaultMargin is the default ambiguity margin between name scores.
const DefaultMargin = 0.03

// ScreenStats counts a screening's rows.
type ScreenStats struct {
	Rows      int `json:"rows"`
	Matched   int `json:"matched"`
	Ambiguous int `json:"ambiguous"`
	Unmatched int `json:"unmatched"`
	// Statuses counts matched rows per regime and status.
	Statuses map[graph.Regime]map[graph.Status]int `json:"statuses"`
	// PossiblySameAs and PossiblyExposed count the matched rows with the
	// flag possibly-same-as, possibly-exposed, under some regime: rows
	// whose possible links a person should review.
	PossiblySameAs  int `json:"possibly_same_as"`
	PossiblyExposed int `json:"possibly_exposed"`
}

// Add counts row.
func (s *ScreenStats) Add(row *ScreenRow) {
	s.Rows++
	switch row.Match.Status {
	case MatchMatched:
		s.Matched++
	case MatchAmbiguous:
		s.Ambiguous++
	default:
		s.Unmatched++
	}
	if s.Statuses == nil {
		s.Statuses = map[graph.Regime]map[graph.Status]int{}
	}
	sameAs, exposed := false, false
	for _, v := range row.Verdicts {
		m := s.Statuses[v.Regime]
		if m == nil {
			m = map[graph.Status]int{}
			s.Statuses[v.Regime] = m
		}
		m[v.Status]++
		sameAs = sameAs || possiblySameAs(v.Flags, v.PossiblySameAs)
		exposed = exposed || possiblyExposed(v.Flags, v.PossiblyExposedVia)
	}
	if sameAs {
		s.PossiblySameAs++
	}
	if exposed {
		s.PossiblyExposed++
	}
}

// Screener screens counterparties against one store: it holds the match
// index and the whole-store analysis as of ScreenOptions.AsOf, built once
// by NewScreener; rows with a date of their own (lookback screening) are
// decided on analyses of their matched entities' upstream closures as of
// that date (datedAnalyses). It is safe for concurrent use.
type Screener struct {
	opt     ScreenOptions
	regimes []graph.Regime
	today   *screenAnalysis
	dated   *datedAnalyses
	idx     *matcher

	mu      sync.Mutex
	matches map[string]Match // by name, country, identifiers: inputs often repeat a party
}

// NewScreener reads the store once: the snapshot as of opt.AsOf, analysed
// under every requested regime (Analyze), and every entity record for the
// match index (NewMatchIndex).
func NewScreener(ctx context.Context, st ScreenStore, opt ScreenOptions) (*Screener, error) {
	a, err := Analyze(ctx, st, opt.AsOf, opt.Regimes)
	if err != nil {
		return nil, fmt.Errorf("screen: %w", err)
	}
	x, err := NewMatchIndex(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("screen: %w", err)
	}
	return NewScreenerFrom(st, a, x, opt)
}

// NewScreenerFrom screens against an analysis and a match index already
// made, both of store st; a must be as of opt.AsOf and cover every regime
// of opt.Regimes (empty: every engine). st is read for the rows dated
// other than opt.AsOf (lookback screening: their matched entities'
// upstream closures as of their dates).
func NewScreenerFrom(st graph.Reader, a *Analysis, x *MatchIndex, opt ScreenOptions) (*Screener, error) {
	if opt.Threshold == 0 {
		opt.Threshold = resolve.DefaultThreshold
	}
	if opt.Margin == 0 {
		opt.Margin = DefaultMargin
	}
	regimes := opt.Regimes
	if len(regimes) == 0 {
		regimes = graph.Engines
	}
	if a.asOf != opt.AsOf || !a.covers(regimes) {
		return nil, fmt.Errorf("screen as of %s under %v: the analysis is as of %s under %v", opt.AsOf, regimes, a.asOf, a.regimes)
	}
	today := &screenAnalysis{asOf: a.asOf, res: a.res, holdings: a.holdings,
		proofs: map[proofKey]proofEntry{}, looks: map[proofKey]*DesignatedShare{}}
	return &Screener{opt: opt, regimes: regimes, today: today, idx: x.m.matcher(a.parties, opt.Threshold),
		dated:   &datedAnalyses{st: st, regimes: regimes, dates: map[graph.Date]bool{}},
		matches: map[string]Match{}}, nil
}

// Result is the whole-store analysis as of ScreenOptions.AsOf.
func (s *Screener) Result() *exposure.Result { return s.today.res }

// Regimes are the regimes screened, in output order.
func (s *Screener) Regimes() []graph.Regime { return s.regimes }

// DatedAnalyses returns the number of distinct row dates, other than
// ScreenOptions.AsOf, decided so far, and the number of closure analyses
// made for them (one per date and chunk of rows).
func (s *Screener) DatedAnalyses() (dates, analyses int) { return s.dated.counts() }

// Screen matches one counterparty and, when it matched, adds its verdicts
// under every regime with proof and reason. A row with a Date is decided
// as of that date (on the upstream closure of its entity), and each
// verdict's StatusToday is the status as of ScreenOptions.AsOf; a row
// without one is decided as of ScreenOptions.AsOf. The error is one of
// the match index, or of reading or analysing the store as of the row's
// date.
func (s *Screener) Screen(ctx context.Context, c Counterparty) (ScreenRow, error) {
	row, err := s.screenToday(c)
	if err != nil || !s.needsDate(&row) {
		return row, err
	}
	a, err := s.dated.analyse(ctx, []string{row.Match.Entity}, c.Date)
	if err != nil {
		return row, err
	}
	s.decideDated(&row, a)
	return row, nil
}

// screenToday matches c and, when it matched and is decided as of
// ScreenOptions.AsOf, adds its verdicts; a row that needsDate is left
// without verdicts. The error is one of the match index.
func (s *Screener) screenToday(c Counterparty) (ScreenRow, error) {
	m, err := s.match(&c)
	if err != nil {
		return ScreenRow{}, fmt.Errorf("match %q: %w", c.Name, err)
	}
	row := ScreenRow{Input: c, Match: m}
	if row.Match.Status != MatchMatched || s.needsDate(&row) {
		return row, nil
	}
	row.Verdicts = s.today.verdicts(row.Match.Entity, s.regimes, s.opt.LookThroughAll)
	if c.Date != "" {
		for i := range row.Verdicts {
			row.Verdicts[i].StatusToday = row.Verdicts[i].Status
		}
	}
	return row, nil
}

// needsDate says whether row matched and is decided as of a date of its
// own, not ScreenOptions.AsOf.
func (s *Screener) needsDate(row *ScreenRow) bool {
	return row.Match.Status == MatchMatched && row.Input.Date != "" && row.Input.Date != s.opt.AsOf
}

// decideDated adds row's verdicts from a, an analysis as of the row's
// date, with each regime's status today.
func (s *Screener) decideDated(row *ScreenRow, a *screenAnalysis) {
	row.Verdicts = a.verdicts(row.Match.Entity, s.regimes, s.opt.LookThroughAll)
	for i := range row.Verdicts {
		row.Verdicts[i].StatusToday = s.today.status(row.Match.Entity, row.Verdicts[i].Regime)
	}
}

// match matches c once per distinct name, country, date of birth and
// identifiers.
func (s *Screener) match(c *Counterparty) (Match, error) {
	k := c.Name + "\x00" + c.Country + "\x00" + c.BirthDate
	for _, id := range c.Identifiers {
		k += "\x00" + id.String()
	}
	s.mu.Lock()
	m, ok := s.matches[k]
	s.mu.Unlock()
	if ok {
		return m, nil
	}
	m, err := s.idx.match(c, s.opt.Threshold, s.opt.Margin)
	if err != nil {
		return Match{}, err
	}
	s.mu.Lock()
	if len(s.matches) < maxMatchCache {
		s.matches[k] = m
	}
	s.mu.Unlock()
	return m, nil
}

// maxMatchCache bounds the match cache.
const maxMatchCache = 1 << 20

// decideDatedRows decides the rows of rows that needsDate: one closure
// analysis per distinct date, shared by the rows of that date, dates
// analysed in parallel.
func (s *Screener) decideDatedRows(ctx context.Context, rows []ScreenRow, workers int) error {
	byDate := map[graph.Date][]int{}
	var dates []graph.Date
	for i := range rows {
		if !s.needsDate(&rows[i]) {
			continue
		}
		d := rows[i].Input.Date
		if byDate[d] == nil {
			dates = append(dates, d)
		}
		byDate[d] = append(byDate[d], i)
	}
	if len(dates) == 0 {
		return nil
	}
	errs := make([]error, len(dates))
	parallel(len(dates), workers, func(j int) {
		rs := byDate[dates[j]]
		ids := make([]string, 0, len(rs))
		seen := map[string]bool{}
		for _, i := range rs {
			if id := rows[i].Match.Entity; !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		a, err := s.dated.analyse(ctx, ids, dates[j])
		if err != nil {
			errs[j] = err
			return
		}
		for _, i := range rs {
			s.decideDated(&rows[i], a)
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// parallel calls f(0), ..., f(n-1) on at most workers goroutines and
// returns when all are done.
func parallel(n, workers int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	wg.Wait()
}

// screenChunk is how many rows are matched in parallel before they are
// emitted in input order.
const screenChunk = 512

// Screen screens every counterparty of rows against st and calls emit
// once per row, in input order, as soon as its chunk is done: output
// streams, memory stays bounded by a chunk. An error from rows (an
// unreadable input) or from emit stops the screening.
func Screen(ctx context.Context, st ScreenStore, rows iter.Seq2[Counterparty, error], opt ScreenOptions, emit func(ScreenRow) error) (ScreenStats, error) {
	s, err := NewScreener(ctx, st, opt)
	if err != nil {
		return ScreenStats{}, err
	}
	return s.ScreenAll(ctx, rows, emit)
}

// ScreenAll screens every counterparty of rows, as Screen does.
func (s *Screener) ScreenAll(ctx context.Context, rows iter.Seq2[Counterparty, error], emit func(ScreenRow) error) (ScreenStats, error) {
	workers := s.opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var stats ScreenStats
	in := make([]Counterparty, 0, screenChunk)
	out := make([]ScreenRow, screenChunk)
	flush := func() error {
		errs := make([]error, len(in))
		parallel(len(in), workers, func(i int) { out[i], errs[i] = s.screenToday(in[i]) })
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		if err := s.decideDatedRows(ctx, out[:len(in)], workers); err != nil {
			return err
		}
		for i := range in {
			stats.Add(&out[i])
			if err := emit(out[i]); err != nil {
				return err
			}
			out[i] = ScreenRow{}
		}
		in = in[:0]
		if s.opt.Progress != nil {
			s.opt.Progress(stats.Rows)
		}
		return ctx.Err()
	}
	for c, err := range rows {
		if err != nil {
			return stats, err
		}
		in = append(in, c)
		if len(in) == screenChunk {
			if err := flush(); err != nil {
				return stats, err
			}
		}
	}
	if len(in) > 0 {
		if err := flush(); err != nil {
			return stats, err
		}
	}
	return stats, nil
}
