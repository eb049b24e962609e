package report

import (
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
)

// Possible links (RULES.md section 2, "Parties and links"): uncorroborated
// name matches that never merge parties and never change a status. Every
// writer shows them with the helpers of this file, so that a CSV cell, an
// explain line, a report cell and the web UI name the candidate, the score
// and the names matched in the same words.

// PossibleText is one possible link in a cell:
// "ofac:12403 (score 1.00: Abdul Samad ~ SAMAD, Abdul)" (graph.PossibleLink's
// String). When the record that matched is not self (another record of
// self's party, or an owner upstream of self) it comes first:
// "gb:abdul-samad may be ofac:12403 (score 1.00: …)".
func PossibleText(l graph.PossibleLink, self string) string { return linkText(l, self, false) }

// PossibleList joins PossibleText of each link with "; " (empty for none).
func PossibleList(ls []graph.PossibleLink, self string) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = PossibleText(l, self)
	}
	return strings.Join(parts, "; ")
}

// linkText is PossibleText, with the candidate's name after its id when
// withName is set: "ofac:12403 UR-REHMAN, Mati (score 1.00: …)".
func linkText(l graph.PossibleLink, self string, withName bool) string {
	s := l.String()
	if withName && l.Name != "" && l.Name != l.Candidate {
		s = l.Candidate + " " + l.Name + strings.TrimPrefix(s, l.Candidate)
	}
	if l.Entity != "" && l.Entity != self {
		s = l.Entity + " may be " + s
	}
	return s
}

// PossiblySameAsLine is one possible link of an entity for a person:
//
//	possibly the same as ofac:12403 UR-REHMAN, Mati (score 1.00: Abdul Samad ~ SAMAD, Abdul), designated under OFAC
//
// with ", matched by its record gb:x" when the record that matched is
// another record of self's party.
func PossiblySameAsLine(l graph.PossibleLink, self string, regime graph.Regime) string {
	s := "possibly the same as " + linkText(l, l.Entity, true)
	if l.Status != "" {
		s += ", " + string(l.Status)
		if regime != "" {
			s += " under " + strings.ToUpper(string(regime))
		}
	}
	if l.Entity != "" && l.Entity != self {
		s += ", matched by its record " + l.Entity
	}
	return s
}

// PossiblyExposedLine says what the possibly-exposed flag means for one
// entity:
//
//	possibly exposed: would be blocked under OFAC if its possible links were strong (via gb:abdul-samad may be ofac:12403 UR-REHMAN, Mati (score 1.00: …))
//
// status is the status the entity would have (empty: "exposed").
func PossiblyExposedLine(status graph.Status, via []graph.PossibleLink, self string, regime graph.Regime) string {
	would := "exposed"
	if status != "" {
		would = string(status)
	}
	if regime != "" {
		would += " under " + strings.ToUpper(string(regime))
	}
	s := "possibly exposed: would be " + would + " if its possible links were strong"
	if len(via) == 0 {
		return s
	}
	parts := make([]string, len(via))
	for i, l := range via {
		parts[i] = linkText(l, self, true)
	}
	return s + " (via " + strings.Join(parts, "; ") + ")"
}

// PossibleLines lists, for a person, what a verdict's or a proof's
// possible links say: one PossiblySameAsLine per link, then the
// PossiblyExposedLine when the entity is possibly exposed (the flag, or
// links behind it). None without possible links.
func PossibleLines(self string, regime graph.Regime, flags []graph.Flag, sameAs, via []graph.PossibleLink, status graph.Status) []string {
	var out []string
	for _, l := range sameAs {
		out = append(out, PossiblySameAsLine(l, self, regime))
	}
	if len(via) > 0 || status != "" || slices.Contains(flags, graph.FlagPossiblyExposed) {
		out = append(out, PossiblyExposedLine(status, via, self, regime))
	}
	return out
}
