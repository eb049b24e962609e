package queries

import (
	"slices"

	"github.com/ownex/ownex/graph"
)

// HasPossible reports whether a verdict has the flag possibly-same-as or
// possibly-exposed, or possible links behind them (RULES.md section 2,
// "Parties and links"). Possible links never change a status; outputs
// that leave clear verdicts out keep these, for a person to review.
func HasPossible(flags []graph.Flag, sameAs, via []graph.PossibleLink) bool {
	return possiblySameAs(flags, sameAs) || possiblyExposed(flags, via)
}

// Shown reports whether a list of verdicts without its clear ones (`ownex
// analyze` without --all) keeps v: not clear, or with possible links.
// Every such verdict lies in the designated cone (graph.ConeStreamer,
// exposure.Options.Cone).
func Shown(v graph.Verdict) bool {
	return v.Status != graph.StatusClear || HasPossible(v.Flags, v.PossiblySameAs, v.PossiblyExposedVia)
}

func possiblySameAs(flags []graph.Flag, sameAs []graph.PossibleLink) bool {
	return len(sameAs) > 0 || slices.Contains(flags, graph.FlagPossiblySameAs)
}

func possiblyExposed(flags []graph.Flag, via []graph.PossibleLink) bool {
	return len(via) > 0 || slices.Contains(flags, graph.FlagPossiblyExposed)
}
