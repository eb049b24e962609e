package graph

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Reports of one stake (RULES.md section 2, "Reports of one stake").
//
// Several records can describe one stake: the same owner party in the same
// entity, from different sources (the UK PSC register, OpenSanctions which
// republishes it, a BODS register, GLEIF, a CSV of one's own). Before
// capping, the engines merge the records of one owner in one entity that
// are in force on the as-of date, separately for shares and for votes:
//
//   - the records of one source add up (a source that reports two interests
//     means two, e.g. two share classes), except exact duplicates (same
//     share, votes, start, end and arrangement), which count once;
//   - the per-source totals are reports of one stake: the stake is their
//     intersection when that is not empty, else their hull, and the owned
//     entity gets the flag conflicting-reports;
//   - open and closed ends are kept through both operations.
//
// MergeStake is that rule, once, for every engine and every caller.

// FlagConflictingReports: two sources report a stake in the entity with
// ranges that do not meet; the stake counted is their hull (RULES.md
// section 2, "Reports of one stake").
const FlagConflictingReports Flag = "conflicting-reports"

// StakeMerge records how the reports of one stake were merged, for proofs.
type StakeMerge struct {
	// Reports are the records merged, by source then in the order given.
	Reports []Holding `json:"reports"`
	// Sources is the number of sources among them.
	Sources int `json:"sources"`
	// Duplicates is the number of records left out as exact duplicates of
	// another record of their source.
	Duplicates int `json:"duplicates,omitempty"`
	// Conflict is set when the sources' reports do not meet (shares or
	// votes) and the hull was taken.
	Conflict bool `json:"conflict,omitempty"`
	// How says in words how the range was obtained, e.g. "3 reports,
	// intersection (25,50] ∩ 30 = 30" or "2 reports disagree: hull [30,40]".
	How string `json:"how"`
}

// MergeStake merges records, the records of one owner in one owned entity
// in force on the analysis date (the caller groups them), into one
// holding: the stake the engines count. The result takes its ends,
// dates and arrangement from the first record of the first source in byte
// order (the first non-empty arrangement of any record, if that one has
// none); its Source and Record name every source and record, " + "
// between them. merge is nil when there is one record.
func MergeStake(records []Holding) (stake Holding, merge *StakeMerge) {
	if len(records) == 1 {
		return records[0], nil
	}
	type total struct {
		source         string
		share, votes   Range
		records, dupes int
		first          int
		terms          []string
	}
	var totals []*total
	bySource := map[string]*total{}
	seen := map[stakeKey]bool{}
	order := make([]int, 0, len(records))
	for i := range records {
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(records[x].Source, records[y].Source) })
	m := &StakeMerge{}
	for _, i := range order {
		h := records[i]
		m.Reports = append(m.Reports, h)
		t := bySource[h.Source]
		if t == nil {
			t = &total{source: h.Source, share: h.Share, votes: h.Votes, first: i}
			bySource[h.Source] = t
			totals = append(totals, t)
		}
		k := keyOfStake(h)
		if seen[k] {
			t.dupes++
			m.Duplicates++
			continue
		}
		seen[k] = true
		if t.records > 0 {
			t.share, t.votes = capAt100(t.share.Add(h.Share)), capAt100(t.votes.Add(h.Votes))
		}
		t.records++
		t.terms = append(t.terms, h.Share.Interval())
	}
	m.Sources = len(totals)
	stake = records[totals[0].first]
	if stake.Arrangement == "" {
		for _, h := range m.Reports {
			if h.Arrangement != "" {
				stake.Arrangement = h.Arrangement
				break
			}
		}
	}
	shares, votes := make([]Range, len(totals)), make([]Range, len(totals))
	var words []string
	var sources, recs []string
	for i, t := range totals {
		shares[i], votes[i] = t.share, t.votes
		sources = append(sources, t.source)
		w := t.source + ": " + strings.Join(t.terms, " + ")
		if t.records > 1 {
			w += " = " + t.share.Interval()
		}
		if t.dupes > 0 {
			w += " (" + strconv.Itoa(t.dupes) + " exact duplicate"
			if t.dupes > 1 {
				w += "s"
			}
			w += " counted once)"
		}
		words = append(words, w)
	}
	for _, h := range m.Reports {
		recs = append(recs, h.Record)
	}
	var okS, okV bool
	stake.Share, okS = meetOrHull(shares)
	stake.Votes, okV = meetOrHull(votes)
	m.Conflict = !okS || !okV
	stake.Source, stake.Record = strings.Join(sources, " + "), strings.Join(recs, " + ")
	stake.Ref = ""
	n := strconv.Itoa(len(m.Reports)) + " reports"
	switch {
	case len(totals) == 1:
		m.How = n + " of one source add up: " + words[0]
	case !okS:
		m.How = n + " disagree: hull " + bracketed(stake.Share) + " (" + strings.Join(words, "; ") + ")"
	default:
		terms := make([]string, len(shares))
		for i, s := range shares {
			terms[i] = s.Interval()
		}
		m.How = n + ", intersection " + strings.Join(terms, " ∩ ") + " = " + stake.Share.Interval()
		if len(totals) < len(m.Reports) {
			m.How += " (" + strings.Join(words, "; ") + ")"
		}
	}
	if okS && !okV {
		m.How += "; votes disagree: hull " + bracketed(stake.Votes)
	}
	return stake, m
}

// stakeKey is what makes two records of one source exact duplicates.
type stakeKey struct {
	source, arrangement string
	share, votes        Range
	start, end          Date
}

func keyOfStake(h Holding) stakeKey {
	return stakeKey{h.Source, h.Arrangement, h.Share, h.Votes, h.Start, h.End}
}

// meetOrHull returns the intersection of rs when it is not empty (ok),
// else their hull (not ok). Open and closed ends are kept: the
// intersection takes the larger lower bound (open over closed at a tie)
// and the smaller upper bound (open over closed); the hull the smaller
// lower bound (closed over open) and the larger upper bound (closed over
// open).
func meetOrHull(rs []Range) (Range, bool) {
	in := rs[0]
	for _, r := range rs[1:] {
		if r.Lo > in.Lo || (r.Lo == in.Lo && r.LoOpen) {
			in.Lo, in.LoOpen = r.Lo, r.LoOpen
		}
		if r.Hi < in.Hi || (r.Hi == in.Hi && r.HiOpen) {
			in.Hi, in.HiOpen = r.Hi, r.HiOpen
		}
	}
	if in.Lo < in.Hi || (in.Lo == in.Hi && !in.LoOpen && !in.HiOpen) { // not empty
		return in, true
	}
	h := rs[0]
	for _, r := range rs[1:] {
		if r.Lo < h.Lo || (r.Lo == h.Lo && !r.LoOpen) {
			h.Lo, h.LoOpen = r.Lo, r.LoOpen
		}
		if r.Hi > h.Hi || (r.Hi == h.Hi && !r.HiOpen) {
			h.Hi, h.HiOpen = r.Hi, r.HiOpen
		}
	}
	return h, false
}

// capAt100 caps a sum of ranges at 100 %: one source cannot report more
// than the whole of an entity.
func capAt100(r Range) Range {
	if r.Hi > Hundred {
		r.Hi, r.HiOpen = Hundred, false
	}
	if r.Lo > Hundred {
		r.Lo, r.LoOpen = Hundred, false
	}
	return r
}

// bracketed formats a hull in interval notation, [0,100] included.
func bracketed(r Range) string {
	if r.IsUnknown() {
		return "[0,100]"
	}
	return r.Interval()
}

// Interval formats r in interval notation with both ends shown, "[30,40]",
// "(25,50]", except an exact share ("30") and the unknown share
// ("unknown"): the notation of merged stakes in proofs.
func (r Range) Interval() string {
	switch {
	case r.IsUnknown():
		return "unknown"
	case r.Lo == r.Hi && !r.LoOpen && !r.HiOpen:
		return r.Lo.String()
	}
	open, closeB := "[", "]"
	if r.LoOpen {
		open = "("
	}
	if r.HiOpen {
		closeB = ")"
	}
	return open + r.Lo.String() + "," + r.Hi.String() + closeB
}
