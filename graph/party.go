package graph

import (
	"context"
	"fmt"
)

// LinkStrength says what a same-as link may do (RULES.md section 2,
// "Parties and links"): only strong links form parties.
type LinkStrength string

// Link strengths.
const (
	// StrengthStrong: a shared identifier of an identifying scheme, a
	// source's own cross-reference, a confirmed link, or a name match
	// corroborated by an agreeing attribute with none in conflict. Strong
	// links form parties (same-as clusters).
	StrengthStrong LinkStrength = "strong"
	// StrengthPossible: a name match without corroboration. It never
	// merges parties and never changes a status; it gives the flags
	// possibly-same-as and possibly-exposed.
	StrengthPossible LinkStrength = "possible"
	// StrengthRejected: a person decided that the two records are
	// different parties. A rejected pair is never linked automatically,
	// and the engines drop every other link between the same two records
	// except a later confirmation.
	StrengthRejected LinkStrength = "rejected"
)

// ParseLinkStrength checks s; the empty string is an error: a link
// without a strength is never taken for a strong one.
func ParseLinkStrength(s string) (LinkStrength, error) {
	switch LinkStrength(s) {
	case StrengthStrong, StrengthPossible, StrengthRejected:
		return LinkStrength(s), nil
	case "":
		return "", fmt.Errorf("same-as link without a strength (want strong, possible or rejected)")
	}
	return "", fmt.Errorf("same-as link strength %q: want strong, possible or rejected", s)
}

// Link methods of decisions made by a person (`ownex resolve --confirm`,
// `--reject`, `--accept`).
const (
	MethodConfirmed = "confirmed"
	MethodRejected  = "rejected"
)

// SourceReview is the provenance source of decisions made by a person, so
// that an automatic re-resolution (source "resolve") never overwrites one.
const SourceReview = "review"

// Strong reports whether s joins its two records into one party.
func (s SameAs) Strong() bool { return s.Strength == StrengthStrong }

// Matched is what the link says it matched: its evidence, else its
// provenance record (where earlier versions kept the names "A ~ B").
func (s SameAs) Matched() string {
	if s.Evidence != "" {
		return s.Evidence
	}
	return s.Record
}

// Pair returns s's two ids in byte order.
func (s SameAs) Pair() [2]string {
	if s.B < s.A {
		return [2]string{s.B, s.A}
	}
	return [2]string{s.A, s.B}
}

// PartyLinks splits links into those that form parties and the possible
// ones, as the engines and the screening use them: a pair with a rejected
// link keeps only its confirmed links (a confirmation and a rejection of
// one pair: the decision stored under SourceReview wins, there is one per
// pair); links with an empty end or joining an id to itself are dropped.
func PartyLinks(links []SameAs) (strong, possible []SameAs) {
	var rejected map[[2]string]bool
	for _, l := range links {
		if l.Strength == StrengthRejected {
			if rejected == nil {
				rejected = map[[2]string]bool{}
			}
			rejected[l.Pair()] = true
		}
	}
	for _, l := range links {
		if l.A == "" || l.B == "" || l.A == l.B {
			continue
		}
		if rejected[l.Pair()] && l.Method != MethodConfirmed {
			continue
		}
		switch l.Strength {
		case StrengthStrong:
			strong = append(strong, l)
		case StrengthPossible:
			possible = append(possible, l)
		}
	}
	return strong, possible
}

// PossibleLink is a possible link as a verdict shows it: Entity is the
// record of this party that matched, Candidate the record it may be the
// same as, with the score and the names matched.
type PossibleLink struct {
	Entity    string  `json:"entity"`
	Candidate string  `json:"candidate"`
	Name      string  `json:"candidate_name,omitempty"`
	Score     float64 `json:"score"`
	Names     string  `json:"names,omitempty"`
	// Status is the candidate's status under the verdict's regime.
	Status Status `json:"candidate_status,omitempty"`
}

// String is "candidate (score 0.93: A ~ B)".
func (p PossibleLink) String() string {
	s := fmt.Sprintf("%s (score %.2f", p.Candidate, p.Score)
	if p.Names != "" {
		s += ": " + p.Names
	}
	return s + ")"
}

// SameAsReplacer replaces the same-as links of one source: `ownex
// resolve` replaces the previous run's automatic links (source
// "resolve"), so that a link the rules no longer make does not stay.
//
// ReplaceSameAs replaces every same-as link whose provenance source is
// source by links, as one load in the load log (LoadMeta Source and
// Format source): afterwards the store holds exactly links under that
// source, and the links of other sources (ingesters' cross-references,
// graph.SourceReview decisions) untouched. Every link must have that
// source and a valid strength (ParseLinkStrength), else nothing changes
// and the error says which. On a store whose loads are atomic (Atomic),
// readers see either the old links or the new ones, never a mix, and a
// failure leaves the old ones.
type SameAsReplacer interface {
	ReplaceSameAs(ctx context.Context, source string, links []SameAs) error
}

// CheckReplace checks the links of a SameAsReplacer call: a non-empty
// source, every link of that source and with a valid strength. Both
// stores call it before they change anything.
func CheckReplace(source string, links []SameAs) error {
	if source == "" {
		return fmt.Errorf("replace same-as links: empty source")
	}
	for i := range links {
		if links[i].Source != source {
			return fmt.Errorf("replace same-as links of %q: link %s = %s has source %q", source, links[i].A, links[i].B, links[i].Source)
		}
		if err := links[i].CheckStrength(); err != nil {
			return fmt.Errorf("replace same-as links of %q: %w", source, err)
		}
	}
	return nil
}

// Named reports whether name is a record's own name, not the id that
// stands in for a missing one: a stub (a relation end that no record
// described, such as the UN record an EU or UK entry refers to) is named
// by its id, and so is an entity of a generic CSV file given no name.
func Named(id, name string) bool { return name != "" && name != id }

// PartyName returns the name a party shows: the name of its
// representative rep when that is a record's own name (Named), else the
// first such name of the other members in byte order of id, else rep. So
// a stub joined to the record that refers to it takes that record's
// name and is never shown under its own id. name returns a member's
// stored name.
func PartyName(rep string, members []string, name func(id string) string) string {
	if n := name(rep); Named(rep, n) {
		return n
	}
	best, found := "", ""
	for _, m := range members {
		if n := name(m); Named(m, n) && (found == "" || m < found) {
			best, found = n, m
		}
	}
	if found != "" {
		return best
	}
	return rep
}
