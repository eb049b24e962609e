package queries

import (
	"fmt"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// NoDesignations returns a warning naming the regimes, of regimes, under
// which res has no designated entity as of asOf, or "" when every one of
// them has one. Without a designation every verdict under a regime is
// clear: what a store whose sanctions lists were never loaded (or were
// all delisted by then) gives, and what a screening report would
// otherwise file as "clear" without a word. The command line writes it to
// stderr; both put it in their screening reports
// (report.ScreenMeta.Warnings), and the server in its screening answers.
func NoDesignations(res *exposure.Result, regimes []graph.Regime, asOf graph.Date) string {
	var none []string
	for _, r := range regimes {
		if !res.AnyDesignated(r) {
			none = append(none, string(r))
		}
	}
	if len(none) == 0 {
		return ""
	}
	them := "them"
	if len(none) == 1 {
		them = "it"
	}
	return fmt.Sprintf("no designation is in force under %s as of %s: every verdict under %s is clear; "+
		"load the sanctions lists (ownex ingest --help lists the formats)", strings.Join(none, ", "), asOf, them)
}
