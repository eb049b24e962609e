package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/ingest"
)

// ChangeLine is one verdict a load changed: a diff line (both sides as of
// the report's date, before and after the load) with the load's id. Its
// causes are the records of the entity's upstream closure whose state on
// that date the load changed.
type ChangeLine struct {
	Load int64 `json:"load"`
	DiffLine
}

// ingestChanges is `ingest --changes FILE`: it reads the verdicts the load
// can change (changeScope) before the load, loads, reads them again, and
// writes the verdicts that changed as of opt.AsOf to opt.Changes (jsonl,
// csv or html, from the file's extension). A load that fails writes no
// report; a partial list version (committed) writes one.
func ingestChanges(ctx context.Context, env Env, cfg Config, st graph.Store, f Format, files []string, opt IngestOptions) error {
	asOf, err := ParseAsOf(opt.AsOf)
	if err != nil {
		return err
	}
	format, err := changeFormat(opt.Changes)
	if err != nil {
		return err
	}
	if err := checkOutput(opt.Changes); err != nil {
		return err
	}
	regimes := graph.Engines
	t0 := time.Now()
	sc, err := loadScope(ctx, st, f.New(), files, asOf)
	if err != nil {
		return fmt.Errorf("--changes: %w", err)
	}
	before, resBefore, err := sc.verdicts(sc.before, asOf, regimes)
	if err != nil {
		return fmt.Errorf("--changes: verdicts before the load: %w", err)
	}
	tBefore := time.Since(t0)
	rep, lerr := runIngest(ctx, env, cfg, st, f, files, opt)
	var partial *PartialError
	if lerr != nil && !errors.As(lerr, &partial) {
		return lerr
	}
	t1 := time.Now()
	after, err := sc.after(ctx, st)
	if err != nil {
		return fmt.Errorf("--changes: %w", err)
	}
	afterV, resAfter, err := sc.verdicts(after, asOf, regimes)
	if err != nil {
		return fmt.Errorf("--changes: verdicts after the load: %w", err)
	}
	exposed := func(r graph.Regime, id string) bool {
		for _, res := range []*exposure.Result{resBefore, resAfter} {
			if v, ok := res.Verdict(id, r); ok && v.Status != graph.StatusClear {
				return true
			}
		}
		return false
	}
	lines := changeLines(rep.LoadID, asOf, regimes, before, afterV, exposed, loadCauseIndex(sc.before, after, asOf, sc.touchedSet()), entityNames(sc.before, after))
	if _, err := writeOutput(ctx, env, opt.Changes, func(w io.Writer) (struct{}, error) {
		return struct{}{}, writeChangeLines(w, format, lines)
	}); err != nil {
		return fmt.Errorf("--changes: %w", err)
	}
	if err := keepChanges(ctx, st, rep.LoadID, asOf, lines); err != nil {
		return err
	}
	scope := "the whole store"
	if sc.ids != nil {
		scope = fmt.Sprintf("%d entities downstream of the load's records", len(sc.ids))
	}
	fmt.Fprintf(env.Stdout, "changes of load %d as of %s: %d verdict(s) changed (re-decided %s; %s) → %s\n",
		rep.LoadID, asOf, len(lines), scope, (tBefore + time.Since(t1)).Round(time.Millisecond), opt.Changes)
	return lerr
}

// keepChanges keeps the report in the store (graph.ChangeLog), for
// `ownex changes` and the API's change feed.
func keepChanges(ctx context.Context, st graph.Store, load int64, asOf graph.Date, lines []ChangeLine) error {
	entries := make([]graph.ChangeEntry, len(lines))
	for i, l := range lines {
		b, err := json.Marshal(l)
		if err != nil {
			return fmt.Errorf("--changes: keep line %d: %w", i, err)
		}
		entries[i] = graph.ChangeEntry{Regime: l.Regime, Change: l.Change, Entity: l.ID, Line: b}
	}
	if err := st.AddChanges(ctx, load, asOf, entries); err != nil {
		return fmt.Errorf("--changes: keep the report in the store: %w", err)
	}
	return nil
}

// loadScope returns the scope of a load of files by src in st, with its
// state before the load. A list version closes the records of its list
// that it does not restate, which its files do not name: it compares the
// whole store.
func loadScope(ctx context.Context, st graph.Store, src ingest.Source, files []string, asOf graph.Date) (*changeScope, error) {
	if _, list := src.(ingest.ListSource); list {
		whole := &changeScope{asOf: asOf}
		snap, err := whole.after(ctx, st)
		whole.before = snap
		return whole, err
	}
	touched, err := touchedIDs(ctx, src, files)
	if err != nil {
		return nil, err
	}
	return scopeOf(ctx, st, touched, asOf)
}

// entityNames maps the entities of the snapshots to their names, the
// later snapshot's name winning.
func entityNames(snaps ...*graph.Snapshot) map[string]string {
	names := map[string]string{}
	for _, s := range snaps {
		for _, e := range s.Entities {
			names[e.ID] = e.Name
		}
	}
	return names
}

// changeLines compares the verdicts before and after a load, as diff
// compares two sides, and gives each changed verdict its causes from ix:
// those of a seeding designation, of a joint arrangement, or of an owner
// or controller exposed on either side.
func changeLines(load int64, asOf graph.Date, regimes []graph.Regime, before, after map[graph.Regime]map[string]graph.Verdict,
	exposed func(graph.Regime, string) bool, ix *causeIndex, names map[string]string) []ChangeLine {
	var out []ChangeLine
	for _, r := range regimes {
		va, vb := before[r], after[r]
		exp := func(id string) bool { return exposed(r, id) }
		var rl []ChangeLine
		for _, id := range unionKeys(va, vb) {
			x, aok := va[id]
			y, bok := vb[id]
			change := classify(x, y, aok, bok)
			if change == "" {
				continue
			}
			l := DiffLine{Regime: r, Change: change, ID: id, Name: cmp.Or(names[id], y.Name, x.Name, id), From: asOf, To: asOf,
				Before: stateOf(x, aok), After: stateOf(y, bok), Causes: ix.causes(id, r, exp)}
			if l.Causes == nil {
				l.Causes = []DiffCause{}
				l.Notes = append(l.Notes, "cause not determined: no designation, holding or control edge of its upstream "+
					"changed what it says on "+string(asOf)+" (a same-as link or an entity record changed)")
			}
			rl = append(rl, ChangeLine{Load: load, DiffLine: l})
		}
		slices.SortFunc(rl, func(p, q ChangeLine) int { return lineOrder(p.DiffLine, q.DiffLine) })
		out = append(out, rl...)
	}
	return out
}

// unionKeys returns the keys of a and b, sorted.
func unionKeys[V any](a, b map[string]V) []string {
	ids := make([]string, 0, len(a)+len(b))
	for id := range a {
		ids = append(ids, id)
	}
	for id := range b {
		if _, ok := a[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}
