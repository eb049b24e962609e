package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// ChangesOptions are the flags of `ownex changes`.
type ChangesOptions struct {
	Since  string // a load id, or a date YYYY-MM-DD (the loads started on or after it)
	Format string // text (default), jsonl, csv or html
	Out    string // file to write; empty = stdout
}

// KeptChange is a line of `ownex changes`: the net change of one entity's
// verdict under one regime over the loads since --since, composed from
// the change reports those loads kept (ingest --changes): the state
// before the first load that changed it, the state after the last, and
// every load's causes. Before and After are kept as the reports wrote
// them.
type KeptChange struct {
	Loads  []int64         `json:"loads"`
	Regime graph.Regime    `json:"regime"`
	Change string          `json:"change"`
	ID     string          `json:"id"`
	Name   string          `json:"name"`
	AsOf   graph.Date      `json:"as_of"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
	Causes []DiffCause     `json:"causes"`
	Notes  []string        `json:"notes,omitempty"`
}

// keptLine is a kept report line (a ChangeLine), decoded without its
// share numbers: graph.Pct refuses shares above 100 %, which an
// over-allocated verdict may count.
type keptLine struct {
	Load   int64           `json:"load"`
	Regime graph.Regime    `json:"regime"`
	ID     string          `json:"id"`
	Name   string          `json:"name"`
	From   graph.Date      `json:"from"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
	Causes []DiffCause     `json:"causes"`
	Notes  []string        `json:"notes,omitempty"`
}

// Changes is `ownex changes --since`: the verdicts the loads since a load
// (or a date) changed, from the change reports they kept. A load made
// without --changes kept none: it is named on stderr, and what it changed
// is not in the report (nor can it be rebuilt: the store keeps no state
// from before a load). Reports made as of different dates are composed
// apart (each line says its as_of).
func Changes(ctx context.Context, env Env, cfg Config, opt ChangesOptions) error {
	format := cmp.Or(opt.Format, "text")
	if !slices.Contains([]string{"text", changesJSONL, changesCSV, changesHTML}, format) {
		return Usagef("--format: unknown format %q: want text, jsonl, csv or html", format)
	}
	if opt.Since == "" {
		return Usagef("changes needs --since <load id or YYYY-MM-DD>")
	}
	if err := checkOutput(opt.Out); err != nil {
		return err
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	since, err := sinceLoad(ctx, st, opt.Since)
	if err != nil {
		return err
	}
	kept, err := keptChanges(ctx, st, since, func(l graph.LoadRecord) {
		fmt.Fprintf(errOut(env), "load %d (%s, %s) kept no change report (it was made without --changes): what it changed is not in this report\n",
			l.ID, l.Source, l.Started.UTC().Format("2006-01-02 15:04"))
	})
	if err != nil {
		return err
	}
	_, err = writeOutput(ctx, env, opt.Out, func(w io.Writer) (struct{}, error) {
		return struct{}{}, writeKept(w, format, kept)
	})
	return err
}

// sinceLoad reads --since (queries.SinceLoad).
func sinceLoad(ctx context.Context, st graph.Reader, arg string) (int64, error) {
	id, err := queries.SinceLoad(ctx, st, arg)
	if bad := (*queries.BadSinceError)(nil); errors.As(err, &bad) {
		return 0, Usagef("--%v (`ownex loads` lists the loads)", err)
	}
	return id, err
}

// keptChanges composes the kept reports of the loads >= since and calls
// missing with each committed load since then that kept none.
func keptChanges(ctx context.Context, st graph.Store, since int64, missing func(graph.LoadRecord)) ([]KeptChange, error) {
	reports, err := st.ChangeReports(ctx, since)
	if err != nil {
		return nil, err
	}
	loads, err := st.Loads(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the load log: %w", err)
	}
	for _, l := range loads {
		if l.ID >= since && l.Status == graph.LoadCommitted &&
			!slices.ContainsFunc(reports, func(r graph.ChangeReport) bool { return r.Load == l.ID }) {
			missing(l)
		}
	}
	entries, err := st.Changes(ctx, since, 0, 0, 0)
	if err != nil {
		return nil, err
	}
	type key struct {
		asOf   graph.Date
		regime graph.Regime
		id     string
	}
	byKey := map[key]*KeptChange{}
	var order []key
	for _, e := range entries {
		var l keptLine
		if err := json.Unmarshal(e.Line, &l); err != nil {
			return nil, fmt.Errorf("change %d of load %d: %w", e.Seq, e.Load, err)
		}
		k := key{e.AsOf, l.Regime, l.ID}
		c := byKey[k]
		if c == nil {
			c = &KeptChange{Regime: l.Regime, ID: l.ID, AsOf: e.AsOf, Before: l.Before, Causes: []DiffCause{}}
			byKey[k] = c
			order = append(order, k)
		}
		c.Loads = append(c.Loads, e.Load)
		c.Name, c.After = l.Name, l.After
		c.Causes = append(c.Causes, l.Causes...)
		c.Notes = append(c.Notes, l.Notes...)
	}
	var out []KeptChange
	for _, k := range order {
		c := byKey[k]
		var a, b queries.KeptState
		if err := json.Unmarshal(c.Before, &a); err != nil {
			return nil, fmt.Errorf("change of %s under %s: %w", c.ID, c.Regime, err)
		}
		if err := json.Unmarshal(c.After, &b); err != nil {
			return nil, fmt.Errorf("change of %s under %s: %w", c.ID, c.Regime, err)
		}
		// The share ranges are compared as the reports wrote them.
		if c.Change = changeOf(a.Status, b.Status, a.ShareRange == b.ShareRange); c.Change != "" {
			out = append(out, *c)
		}
	}
	slices.SortStableFunc(out, func(p, q KeptChange) int {
		return cmp.Or(cmp.Compare(p.AsOf, q.AsOf), cmp.Compare(slices.Index(graph.Engines, p.Regime), slices.Index(graph.Engines, q.Regime)),
			cmp.Compare(slices.Index(changeOrder, p.Change), slices.Index(changeOrder, q.Change)), cmp.Compare(p.ID, q.ID))
	})
	return out, nil
}

// writeKept writes the composed changes: jsonl as KeptChange objects;
// csv, html and text as the change report writes its lines (the load
// column lists the loads).
func writeKept(w io.Writer, format string, kept []KeptChange) error {
	if format == changesJSONL {
		enc := json.NewEncoder(w)
		for _, c := range kept {
			if err := enc.Encode(c); err != nil {
				return fmt.Errorf("write jsonl: %w", err)
			}
		}
		return nil
	}
	rows := make([]reportRow, len(kept))
	for i, c := range kept {
		var a, b queries.KeptState
		json.Unmarshal(c.Before, &a) // decoded once already by keptChanges
		json.Unmarshal(c.After, &b)
		rows[i] = reportRow{Loads: loadsText(c.Loads), DiffLine: DiffLine{Regime: c.Regime, Change: c.Change, ID: c.ID, Name: c.Name,
			From: c.AsOf, To: c.AsOf, Before: DiffState{Status: a.Status, ShareRange: a.ShareRange, Flags: a.Flags},
			After: DiffState{Status: b.Status, ShareRange: b.ShareRange, Flags: b.Flags}, Causes: c.Causes, Notes: c.Notes}}
	}
	return writeRows(w, format, rows)
}

// loadsText lists load ids: "3, 5".
func loadsText(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}
