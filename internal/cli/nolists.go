package cli

import (
	"fmt"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// warnNoDesignations writes a warning to stderr (terminal or not) naming
// the regimes under which res has no designated entity as of asOf: every
// verdict under them is clear, which a store whose lists were never
// loaded (or have all been delisted by then) would otherwise report
// without a word, and a screening report would file as "clear".
func warnNoDesignations(env Env, res *exposure.Result, regimes []graph.Regime, asOf graph.Date) {
	var none []string
	for _, r := range regimes {
		if !res.AnyDesignated(r) {
			none = append(none, string(r))
		}
	}
	if len(none) == 0 {
		return
	}
	them := "them"
	if len(none) == 1 {
		them = "it"
	}
	fmt.Fprintf(errOut(env), "ownex: warning: no designation is in force under %s as of %s: every verdict under %s is clear; "+
		"load the sanctions lists (ownex ingest --help lists the formats)\n", strings.Join(none, ", "), asOf, them)
}
