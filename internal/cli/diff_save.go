package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// checkRunName validates the name of `analyze --save`: `ownex diff` reads
// an argument shaped like a date as a date, so a run may not be named so.
func checkRunName(name string) error {
	if name == "" {
		return Usagef("--save: empty run name")
	}
	if looksLikeDate(name) {
		return Usagef("--save: run name %q looks like a date, which `ownex diff` would read as a date: choose another name", name)
	}
	return nil
}

// looksLikeDate reports whether s has the shape YYYY-MM-DD.
func looksLikeDate(s string) bool {
	if len(s) != len(graph.DateLayout) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// saveRun keeps the analysis res under name (`analyze --save NAME`),
// replacing a run of the same name.
func saveRun(ctx context.Context, env Env, st graph.Store, name string, asOf graph.Date, regimes []graph.Regime, res *exposure.Result) error {
	if err := checkRunName(name); err != nil {
		return err
	}
	run := graph.SavedRun{Name: name, AsOf: asOf, Regimes: regimes, Created: time.Now().UTC(), Entities: res.Len()}
	if err := st.SaveRun(ctx, run, allVerdicts(res, regimes)); err != nil {
		return fmt.Errorf("save run %q: %w", name, err)
	}
	fmt.Fprintf(errOut(env), "saved run %q (as of %s)\n", name, asOf)
	return nil
}

// listRuns prints the saved runs (`ownex diff --list`).
func listRuns(ctx context.Context, env Env, rs graph.RunStore) error {
	runs, err := rs.Runs(ctx)
	if err != nil {
		return err
	}
	if len(runs) == 0 {
		fmt.Fprintln(env.Stdout, "no saved runs (ownex analyze --save NAME keeps one)")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tAS OF\tREGIMES\tSAVED\tENTITIES\tNON-CLEAR")
	for _, r := range runs {
		fmt.Fprintf(tw, "%s\t%s\t%v\t%s\t%d\t%d\n", r.Name, r.AsOf, r.Regimes, r.Created.UTC().Format(time.RFC3339), r.Entities, r.Verdicts)
	}
	return tw.Flush()
}
