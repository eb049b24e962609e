package resolve

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
)

// Screening scores a row of a client's book (a name, and optionally a
// country, a date of birth, identifiers) against the records of a store.
// It is Score with options: the same names, tokens and containment rules,
// plus the screening rules that follow, since a row is compared with
// every record of a store rather than with a record that already shares
// a rare token with it (docs/RESOLVE.md, "Screening").
//
//   - tokens: the screening token rules (screentokens.go: initials,
//     key likeness, vowels, typos);
//   - token weights: static weights × rarity over the store's records
//     (NewScreenScorer builds the Stats once);
//   - persons: when a name gives its surname ("SURNAME, Given"), a match
//     that leaves it unmatched counts SurnameFactor: a shared given name
//     is not a match (SMIRNOV, Ivan is not GONZALEZ ZAMORANO, Ivan);
//   - organisations: a record's name is a short form of a longer row name
//     only if it keeps a distinctive word of ScreenShortFormLetters
//     letters or more (LI LEI does not contain the organisation LEI);
//   - evidence, after the names: an identifier of a unique scheme (LEI,
//     IMO, UK company number, INN, OGRN) that the record also has with
//     another value multiplies by IdentifierConflictFactor; a date of
//     birth that agrees raises the score towards 1 (half of the way for
//     the same day, a quarter for the same month or year), one that
//     conflicts multiplies by BirthConflictFactor; a country that
//     conflicts multiplies a score below the floor (the threshold) by
//     CountryPenalty and only adds a note to one that reached it (Scored
//     tells the screening, which prefers, among parties of one name, one
//     whose country agrees). Listed persons move and hold several
//     nationalities, lists record countries loosely: a country never
//     hides a name, and an exact name with another country never ranks
//     below a looser name without one.
const (
	// SurnameFactor multiplies a person match that leaves the surname of
	// the row or of the record unmatched.
	SurnameFactor = 0.6
	// ScreenShortFormLetters is the shortest distinctive word that makes
	// a record's name a short form of a longer row name.
	ScreenShortFormLetters = 5
	// ScreenExtraWeight is the weight (static × rarity) from which a word
	// of a row name that a record's shorter name lacks makes it another
	// name (screenShortForm).
	ScreenExtraWeight = 0.75
	// ScreenUnitFactor multiplies, in screening, the match of a name of a
	// branch, office or part with a name of no part: the head office
	// ranks first when both are listed, yet a row that names one or the
	// other still finds the record (a typo in a qualifier makes a part of
	// a name that names none). Two parts in different places still count
	// BranchFactor.
	ScreenUnitFactor = 0.95
	// IdentifierConflictFactor multiplies a match whose row and record
	// give different values of a unique identifier scheme.
	IdentifierConflictFactor = 0.5
	// BirthConflictFactor multiplies a match whose dates of birth do not
	// overlap.
	BirthConflictFactor = 0.8
	// BirthDayRaise and BirthYearRaise are the parts of the way to 1 by
	// which a date of birth that agrees to the day, or only to the month
	// or year, raises a score.
	BirthDayRaise  = 0.5
	BirthYearRaise = 0.25
)

// Record is an entity prepared for screening: a record of the store
// (PrepareRecord) or a row (ScreenScorer.Row).
type Record struct {
	p      *prepared     // names read as the entity's kind reads them
	person *prepared     // rows: names read as a person's ("SURNAME, Given")
	prof   screenProfile // dates of birth, unique identifiers
}

// screenProfile is what screening reads of a profile (attributes.go):
// a record keeps these two fields, not the whole profile, whose other
// fields (the pair rules') held 0.2 kB per record of a store's match
// index.
type screenProfile struct {
	births []span
	unique map[string][]string
}

func screenProfileOf(e *graph.Entity) screenProfile {
	p := profileOf(e, nil)
	return screenProfile{births: p.births, unique: p.unique}
}

// Kind is the record's kind class: "p" person, "o" company or
// organization, "v" vessel, "a" aircraft, "" unknown.
func (r *Record) Kind() string { return r.p.kind }

// PrepareRecord prepares a store record for screening: its names,
// aliases and weak aliases, its kind, countries (and nationalities), dates
// of birth and unique identifiers. Its token weights are set by
// NewScreenScorer.
func PrepareRecord(e *graph.Entity) *Record {
	return &Record{p: prepareEntity(e, prep{multi: true}), prof: screenProfileOf(e)}
}

// ScreenScorer scores rows against records (see Screening above). It is
// safe for concurrent use once built.
type ScreenScorer struct {
	st    *Stats
	floor float64
}

// NewScreenScorer measures the rarity of tokens over records (the
// store's, each counted once) and weighs their tokens by it. floor is the
// score that a conflicting country never takes a match below (the
// screening threshold).
func NewScreenScorer(records []*Record, floor float64) *ScreenScorer {
	c := NewScreenStats()
	for _, r := range records {
		c.Count(r)
	}
	for _, r := range records {
		c.st.reweigh(r.p)
	}
	return &ScreenScorer{st: c.st, floor: floor}
}

// ScreenStats counts the records of a store one at a time, for a scorer
// that prepares each record when it scores it (NewScreenScorerOf,
// ScreenScorer.Prepare): an index of millions of records can then keep
// their entities rather than their prepared names. It is not safe for
// concurrent use.
type ScreenStats struct {
	st   *Stats
	seen map[string]bool
}

// NewScreenStats returns an empty count.
func NewScreenStats() *ScreenStats {
	return &ScreenStats{st: &Stats{df: make(map[string]int32)}, seen: make(map[string]bool)}
}

// Count adds a prepared record (PrepareRecord) to the count, as
// NewScreenScorer counts each of its records.
func (c *ScreenStats) Count(r *Record) { c.st.count(r.p, c.seen) }

// NewScreenScorerOf returns the scorer of the records counted in c, with
// the floor of NewScreenScorer; c must not be counted into afterwards. It
// weighs no record: Prepare gives each its weights.
func NewScreenScorerOf(c *ScreenStats, floor float64) *ScreenScorer {
	return &ScreenScorer{st: c.st, floor: floor}
}

// Prepare returns e prepared (PrepareRecord) and weighed by the rarity of
// its tokens, as NewScreenScorer weighs each of its records: of a counted
// record, the same record that NewScreenScorer over the same records
// would hold.
func (s *ScreenScorer) Prepare(e *graph.Entity) *Record {
	r := PrepareRecord(e)
	s.st.reweigh(r.p)
	return r
}

// WithFloor is s with another floor: the same token weights (NewScreenScorer
// weighs the records once; they are not weighed again).
func (s *ScreenScorer) WithFloor(floor float64) *ScreenScorer {
	return &ScreenScorer{st: s.st, floor: floor}
}

// Row prepares a row: e's name (read both as a person's and as an
// organisation's, since a row has no kind), its countries, its
// birth-date facts and its identifiers.
func (s *ScreenScorer) Row(e graph.Entity) *Record {
	e.Kind = graph.KindUnknown
	o := prep{multi: true, fuzzy: true}
	r := &Record{p: prepareEntity(&e, o), prof: screenProfileOf(&e)}
	r.person = &prepared{id: e.ID, countries: r.p.countries, names: prepareNames(&e, true, o)}
	s.st.reweigh(r.p)
	s.st.reweigh(r.person)
	return r
}

// HasBirthDate reports whether the record gives a date of birth.
func (r *Record) HasBirthDate() bool { return len(r.prof.births) > 0 }

// BirthAgrees reports whether a date of birth of r and one of rec agree
// (the same day, month or year at the precision of the less precise).
func (r *Record) BirthAgrees(rec *Record) bool { return r.BirthAgreesWith(rec.Births()) }

// Births are the dates of birth of a record, kept apart from it
// (Record.Births) for BirthAgreesWith.
type Births struct{ spans []span }

// Births returns the record's dates of birth; none when HasBirthDate is
// false.
func (r *Record) Births() Births { return Births{r.prof.births} }

// BirthAgreesWith is BirthAgrees against the dates of birth b of a record.
func (r *Record) BirthAgreesWith(b Births) bool {
	_, _, ok := overlap(r.prof.births, b.spans, true)
	return ok
}

// side returns the row's names as compared with rec.
func (row *Record) side(rec *Record) *prepared {
	if rec.p.kind == "p" && row.person != nil {
		return row.person
	}
	return row.p
}

// Scored is the outcome of ScreenScorer.Score.
type Scored struct {
	// Score is the final score in [0, 1], NameScore the score of the
	// names alone.
	Score, NameScore float64
	// Country is 1 when the row's country is one of the record's, -1 when
	// both give countries and none is shared, else 0: screening breaks a
	// tie between parties of one name with it.
	Country int
}

// Score returns the score of row against rec: the best name match, then
// the evidence.
func (s *ScreenScorer) Score(row, rec *Record) Scored {
	m := bestNames(row.side(rec), rec.p, true)
	if m.s == 0 {
		return Scored{}
	}
	out := Scored{Score: s.judge(row, rec, &m, nil), NameScore: m.name}
	if a, b := row.p.countries, rec.p.countries; len(a) > 0 && len(b) > 0 {
		out.Country = 1
		if disjoint(a, b) {
			out.Country = -1
		}
	}
	return out
}

// Explanation says why a row scored what it did against a record.
type Explanation struct {
	// Input is the row's name, Matched the record's name or alias that
	// matched best (Alias: not its main name; Weak: a weak alias).
	Input, Matched string
	Alias, Weak    bool
	// Tokens pairs the tokens of Input and Matched, in the order of
	// Input, then the unpaired tokens of Matched.
	Tokens []TokenPair
	// NameScore is the score of the names alone; Score the final score,
	// NameScore multiplied by each Evidence's Factor.
	NameScore, Score float64
	Evidence         []Evidence
}

// TokenPair is a pair of tokens of an Explanation (an unpaired token has
// an empty other side, score 0).
type TokenPair struct {
	Input, Matched string
	Score          float64 // similarity of the pair
	Weight         float64 // how much the pair counts: the mean weight of its tokens
	How            string  // the equivalence: exact, transliteration, vowels, typo, …
}

// Evidence is one thing besides the names' similarity that changed the
// score: kind surname, identifier, birth-date or country; effect agrees,
// conflicts or missing; Factor multiplies the score (1: a note only).
type Evidence struct {
	Kind, Effect string
	Factor       float64
	Detail       string
}

// Explain scores row against rec as Score does and says why; ok is false
// when they do not match at all (incompatible kinds, no token in common).
func (s *ScreenScorer) Explain(row, rec *Record) (Explanation, bool) {
	a := row.side(rec)
	m := bestNames(a, rec.p, true)
	if m.s == 0 {
		return Explanation{}, false
	}
	x, y := &a.names[m.ia], &rec.p.names[m.ib]
	var al alignment
	nameSim(x, y, mode(a.kind, rec.p.kind), true, &al)
	ex := Explanation{Input: x.text, Matched: y.text, Alias: y.alias, Weak: y.weak, NameScore: m.name,
		Tokens: tokenPairs(x, y, &al)}
	ex.Score = s.judge(row, rec, &m, &ex.Evidence)
	return ex, true
}

// tokenPairs lists the pairing al of x (the row's name) and y.
func tokenPairs(x, y *name, al *alignment) []TokenPair {
	order := make([]int, min(len(x.toks), 64))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return x.info[order[i]].pos < x.info[order[j]].pos })
	out := make([]TokenPair, 0, len(x.toks)+len(y.toks))
	for _, i := range order {
		p := TokenPair{Input: x.toks[i], Weight: round3(x.w[i])}
		if j := al.partA[i]; j >= 0 {
			m := []string{y.toks[j]}
			if al.howA[i] == howJoined {
				m = m[:0]
				for k := range min(len(y.toks), 64) {
					if al.partB[k] == int8(i) {
						m = append(m, y.toks[k])
					}
				}
			}
			p.Matched, p.Score, p.How = strings.Join(m, " "), round3(al.simA[i]), al.howA[i].String()
			p.Weight = round3((x.w[i] + y.w[j]) / 2)
		}
		out = append(out, p)
	}
	for j := range min(len(y.toks), 64) {
		if al.partB[j] < 0 {
			out = append(out, TokenPair{Matched: y.toks[j], Weight: round3(y.w[j])})
		}
	}
	return out
}

// judge applies the evidence to the name match m of row and rec and
// returns the final score; ev, when not nil, receives each piece of
// evidence.
func (s *ScreenScorer) judge(row, rec *Record, m *match, ev *[]Evidence) float64 {
	sc := m.s
	note := func(kind, effect string, before float64, detail string) {
		if ev != nil {
			f := 1.0
			if before > 0 {
				f = round3(sc / before)
			}
			*ev = append(*ev, Evidence{Kind: kind, Effect: effect, Factor: f, Detail: detail})
		}
	}
	if m.missing != "" && ev != nil {
		*ev = append(*ev, Evidence{Kind: "surname", Effect: "missing", Factor: SurnameFactor, Detail: m.missing})
	}
	for _, scheme := range uniqueSchemes {
		if x, y := row.prof.unique[scheme], rec.prof.unique[scheme]; len(x) > 0 && len(y) > 0 && !shareAny(x, y) {
			before := sc
			sc *= IdentifierConflictFactor
			note("identifier", "conflicts", before, fmt.Sprintf("row %s %s, record %s", scheme, strings.Join(x, "/"), strings.Join(y, "/")))
		}
	}
	if rec.p.kind == "p" || rec.p.kind == "" {
		if a, b := row.prof.births, rec.prof.births; len(a) > 0 && len(b) > 0 {
			before := sc
			detail := "row " + spanTexts(a) + ", record " + spanTexts(b)
			switch x, y, ok := overlap(a, b, true); {
			case ok && x.prec == precDay && y.prec == precDay:
				sc += (1 - sc) * BirthDayRaise
				note("birth-date", "agrees", before, detail)
			case ok:
				sc += (1 - sc) * BirthYearRaise
				note("birth-date", "agrees", before, detail)
			case !overlaps(a, b):
				sc *= BirthConflictFactor
				note("birth-date", "conflicts", before, detail)
			}
		}
	}
	if a, b := row.p.countries, rec.p.countries; len(a) > 0 && len(b) > 0 {
		before := sc
		detail := "row " + strings.Join(a, "/") + ", record " + strings.Join(b, "/")
		if disjoint(a, b) {
			if before < s.floor {
				sc *= CountryPenalty
			}
			note("country", "conflicts", before, detail)
		} else {
			note("country", "agrees", before, detail)
		}
	}
	return sc
}

// surnameMissing returns, for the row's person name x and the record's
// y paired by al, which surname is left unmatched ("record surname
// GONZALEZ ZAMORANO"), or "": the surname of a name in the form
// "SURNAME, Given" (particles aside) must have a token matched.
func surnameMissing(x, y *name, al *alignment) string {
	if t := unmatchedSurname(y, al.partB[:]); t != "" {
		return "record surname " + t + " not in the row"
	}
	if t := unmatchedSurname(x, al.partA[:]); t != "" {
		return "row surname " + t + " not in the record"
	}
	return ""
}

// unmatchedSurname returns n's surname when none of its tokens (other
// than particles) has a partner in part, else "".
func unmatchedSurname(n *name, part []int8) string {
	var sur []string
	for _, t := range n.sur {
		if particles[t] || len(t) < 2 {
			continue
		}
		k := sort.SearchStrings(n.toks, t)
		if k < len(n.toks) && n.toks[k] == t && k < 64 && part[k] >= 0 {
			return ""
		}
		sur = append(sur, t)
	}
	return strings.Join(sur, " ")
}

// screenShortForm reports whether short, a record's name matched by a
// longer row name long (partS, simS: the partners and similarities of
// short's tokens; partL: the partners of long's), may be its short form:
// short keeps a distinctive word of ScreenShortFormLetters letters or
// more, matched as written or transliterated (not by a typo or a
// phonetic key: ALEPH is not Elif, PATRACA not Patrick), and long has no
// distinctive word of its own left over (AJNAD MISR is not AJNAD;
// countries and parenthesised places aside: ISIS-EGYPT may be ISIS).
func screenShortForm(short, long *name, partS []int8, simS []float64, partL []int8) bool {
	kept := false
	for i, t := range short.toks {
		if i < 64 && partS[i] >= 0 && simS[i] >= 0.95 && len(t) >= ScreenShortFormLetters && tokenWeight(t) == 1 && !descriptors[t] {
			kept = true
			break
		}
	}
	if !kept {
		return false
	}
	for j, t := range long.toks {
		if j < 64 && partL[j] < 0 && long.w[j] >= ScreenExtraWeight && len(t) >= 3 && tokenWeight(t) == 1 &&
			!descriptors[t] && !long.info[j].geo && !isCountryWord(t) {
			return false
		}
	}
	return true
}

// rowNamePartLeft reports whether the row's person name long, matched by
// a record's shorter name, has a name part of its own left over (partL:
// the partners of its tokens): a token of weight ScreenExtraWeight or
// more (not a particle, an initial, a patronymic or a common element).
// The record's name is then not a short form of the row's: PAK CHUN IL
// is not PAK, Chun.
func rowNamePartLeft(long *name, partL []int8) bool {
	for j, t := range long.toks {
		if j < 64 && partL[j] < 0 && long.w[j] >= ScreenExtraWeight && len(t) >= 2 && tokenWeight(t) == 1 {
			return true
		}
	}
	return false
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
