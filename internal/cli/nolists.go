package cli

import (
	"fmt"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/queries"
)

// warnNoDesignations writes queries.NoDesignations's warning, if any, to
// stderr (terminal or not), and returns it
// ("" for none) for the reports that carry it (report.ScreenMeta).
func warnNoDesignations(env Env, res *exposure.Result, regimes []graph.Regime, asOf graph.Date) string {
	w := queries.NoDesignations(res, regimes, asOf)
	if w != "" {
		fmt.Fprintf(errOut(env), "ownex: warning: %s\n", w)
	}
	return w
}
