package psc

import (
	"strings"

	"github.com/ownex/ownex/graph"
)

// family is what a nature of control is about.
type family int

const (
	famShares    family = iota + 1 // shares, or an LLP's rights to surplus assets
	famVotes                       // voting rights
	famDirector                    // right to appoint and remove directors (LLP: members)
	famInfluence                   // significant influence or control
)

// nature is one parsed natures_of_control code.
type nature struct {
	fam  family
	band graph.Range // for famShares and famVotes
}

const pct = graph.PctScale

// Bands as Companies House words them (api-enumerations psc_descriptions.yml):
// 25-to-50 "more than 25% but not more than 50%", 50-to-75 "more than 50%
// but less than 75%", 75-to-100 "75% or more"; the overseas-entity codes
// "more than 25%".
var bands = []struct {
	code string
	r    graph.Range
}{
	{"25-to-50-percent", graph.Interval(25*pct, true, 50*pct, false)},
	{"50-to-75-percent", graph.Interval(50*pct, true, 75*pct, true)},
	{"75-to-100-percent", graph.Interval(75*pct, false, 100*pct, false)},
	{"more-than-25-percent", graph.Interval(25*pct, true, 100*pct, false)},
}

// families lists the code prefixes, longest first where one is a prefix
// of another.
var families = []struct {
	prefix string
	fam    family
	banded bool
}{
	{"ownership-of-shares-", famShares, true},
	{"voting-rights-", famVotes, true},
	{"part-right-to-share-surplus-assets-", famShares, true},
	{"right-to-share-surplus-assets-", famShares, true},
	{"right-to-appoint-and-remove-directors", famDirector, false},
	{"right-to-appoint-and-remove-members", famDirector, false},
	{"right-to-appoint-and-remove-person", famDirector, false},
	{"significant-influence-or-control", famInfluence, false},
}

// qualifierWords are the words a code may carry after its family and band:
// -as-trust, -as-firm, -as-control-over-trust/-firm/-company,
// -limited-liability-partnership, -registered-overseas-entity, and
// combinations of them.
var qualifierWords = map[string]bool{
	"as": true, "trust": true, "firm": true, "control": true, "over": true, "company": true,
	"limited": true, "liability": true, "partnership": true,
	"registered": true, "overseas": true, "entity": true,
}

// parseNature maps a natures_of_control code; ok is false for a code it
// does not know.
func parseNature(code string) (nature, bool) {
	c := strings.ToLower(strings.TrimSpace(code))
	for _, f := range families {
		if !strings.HasPrefix(c, f.prefix) {
			continue
		}
		rest := c[len(f.prefix):]
		n := nature{fam: f.fam}
		if f.banded {
			found := false
			for _, b := range bands {
				if strings.HasPrefix(rest, b.code) {
					n.band, rest, found = b.r, rest[len(b.code):], true
					break
				}
			}
			if !found {
				return nature{}, false
			}
		}
		rest = strings.TrimPrefix(rest, "-")
		if rest != "" {
			for _, w := range strings.Split(rest, "-") {
				if !qualifierWords[w] {
					return nature{}, false
				}
			}
		}
		return n, true
	}
	return nature{}, false
}

// stronger reports whether band a says more than band b: a higher lower
// bound, then a closed lower bound, then a narrower range.
func stronger(a, b graph.Range) bool {
	if a.Lo != b.Lo {
		return a.Lo > b.Lo
	}
	if a.LoOpen != b.LoOpen {
		return !a.LoOpen
	}
	return a.Hi < b.Hi
}

// notDeclared is the range of a right the PSC did not declare: at most
// 25 %, since more than 25 % would have had to be declared (Companies Act
// 2006 Sch. 1A paras 2-3: the conditions are "more than 25 %").
var notDeclared = graph.Interval(0, false, 25*pct, false)

// interests sums up a PSC's natures of control: the holding ranges (ok is
// false when neither shares nor votes were declared) and the control
// bases, in a fixed order.
func interests(ns []nature) (share, votes graph.Range, holding bool, bases []graph.Basis) {
	var hasShare, hasVotes, director, influence bool
	for _, n := range ns {
		switch n.fam {
		case famShares:
			if !hasShare || stronger(n.band, share) {
				share = n.band
			}
			hasShare = true
		case famVotes:
			if !hasVotes || stronger(n.band, votes) {
				votes = n.band
			}
			hasVotes = true
		case famDirector:
			director = true
		case famInfluence:
			influence = true
		}
	}
	if director {
		bases = append(bases, graph.BasisBoardAppointment)
	}
	if influence {
		bases = append(bases, graph.BasisDeFacto)
	}
	if !hasShare && !hasVotes {
		return graph.Range{}, graph.Range{}, false, bases
	}
	if !hasShare {
		share = notDeclared
	}
	if !hasVotes {
		votes = notDeclared
	}
	return share, votes, true, bases
}
