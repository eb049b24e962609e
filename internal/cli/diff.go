package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/internal/report"
)

// DiffOptions are the flags of `ownex diff`.
type DiffOptions struct {
	Regime string // ofac, uk, eu, a comma list, or all
	Format string // text (default) or jsonl
	List   bool   // list the saved runs instead
}

// Change kinds of a diff line, in output order.
const (
	ChangeDesignated = "newly-designated"  // not designated -> designated
	ChangeDelisted   = "delisted"          // designated -> not designated
	ChangeExposed    = "newly-exposed"     // clear -> exposed
	ChangeCleared    = "no-longer-exposed" // exposed -> clear
	ChangeChanged    = "changed"           // another status, or another counted share
)

var changeOrder = []string{ChangeDesignated, ChangeDelisted, ChangeExposed, ChangeCleared, ChangeChanged}

var changeTitles = map[string]string{
	ChangeDesignated: "newly designated", ChangeDelisted: "delisted", ChangeExposed: "newly exposed",
	ChangeCleared: "no longer exposed", ChangeChanged: "changed",
}

// DiffState is one side's verdict in a diff line.
type DiffState struct {
	Status     graph.Status `json:"status"`
	ShareMin   graph.Pct    `json:"share_min"`
	ShareMax   graph.Pct    `json:"share_max"`
	ShareRange string       `json:"share_range"`
	Flags      []graph.Flag `json:"flags"`
}

// DiffLine is one entity whose verdict under one regime differs between
// A and B, with the dated record changes that caused it.
type DiffLine struct {
	Regime graph.Regime `json:"regime"`
	Change string       `json:"change"`
	ID     string       `json:"id"`
	Name   string       `json:"name"`
	From   graph.Date   `json:"from"` // A's as-of date
	To     graph.Date   `json:"to"`   // B's as-of date
	Before DiffState    `json:"before"`
	After  DiffState    `json:"after"`
	Causes []DiffCause  `json:"causes"`
	// Notes say when no cause could be determined, or when a saved run no
	// longer matches the store.
	Notes []string `json:"notes,omitempty"`
	// ProofBefore and ProofAfter are the proofs of the two states, when
	// not clear; only `ownex whatif` sets them.
	ProofBefore *graph.Proof `json:"proof_before,omitempty"`
	ProofAfter  *graph.Proof `json:"proof_after,omitempty"`
}

// diffSide is one side of a diff: a saved run or an as-of analysis of the
// current store.
type diffSide struct {
	arg      string
	run      *graph.SavedRun
	asOf     graph.Date
	verdicts map[graph.Regime]map[string]graph.Verdict // non-clear only
	current  *exposure.Result                          // the store's analysis as of asOf
}

func (s *diffSide) describe() string {
	if s.run != nil {
		return fmt.Sprintf("saved run %q (as of %s, saved %s)", s.run.Name, s.asOf, s.run.Created.UTC().Format("2006-01-02 15:04:05 MST"))
	}
	return fmt.Sprintf("%s (the current store analysed as of that date)", s.asOf)
}

// Diff compares two analyses, each a saved run name or a date (an as-of
// analysis of the current store), and lists per regime the entities newly
// designated, delisted, newly exposed, no longer exposed or changed, each
// with the causes found in its upstream closure: designations, holdings
// and control edges that started or ended between the two as-of dates.
func Diff(ctx context.Context, env Env, cfg Config, args []string, opt DiffOptions) error {
	if opt.Format != "" && opt.Format != "text" && opt.Format != "jsonl" {
		return Usagef("--format: unknown format %q: want text or jsonl", opt.Format)
	}
	if !opt.List && len(args) != 2 {
		return Usagef("diff needs two arguments, each a saved run name or a date YYYY-MM-DD (or --list)")
	}
	regimes, err := ParseRegimes(opt.Regime)
	if err != nil {
		return err
	}
	explicit := opt.Regime != "" && opt.Regime != "all"
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if opt.List {
		return listRuns(ctx, env, st)
	}
	a, err := resolveSide(ctx, st, args[0])
	if err != nil {
		return err
	}
	b, err := resolveSide(ctx, st, args[1])
	if err != nil {
		return err
	}
	for _, s := range []*diffSide{a, b} {
		if s.run == nil {
			continue
		}
		var keep []graph.Regime
		for _, r := range regimes {
			if slices.Contains(s.run.Regimes, r) {
				keep = append(keep, r)
			} else if explicit {
				return Usagef("saved run %q has no %s verdicts (it analysed %v)", s.run.Name, r, s.run.Regimes)
			}
		}
		regimes = keep
	}
	if len(regimes) == 0 {
		return Usagef("the two sides have no regime in common")
	}
	lines, err := diffStore(ctx, env, st, a, b, regimes)
	if err != nil {
		return err
	}
	if opt.Format == "jsonl" {
		return writeDiffJSONL(env.Stdout, lines)
	}
	return writeDiffText(env.Stdout, a, b, regimes, lines)
}

// writeDiffJSONL writes one DiffLine per line.
func writeDiffJSONL(w io.Writer, lines []DiffLine) error {
	enc := json.NewEncoder(w)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return fmt.Errorf("write jsonl: %w", err)
		}
	}
	return nil
}

// resolveSide reads a diff argument: a date YYYY-MM-DD, else a saved run.
func resolveSide(ctx context.Context, rs graph.RunStore, arg string) (*diffSide, error) {
	if d, err := graph.ParseDate(arg); err == nil && d != "" {
		return &diffSide{arg: arg, asOf: d}, nil
	}
	if looksLikeDate(arg) {
		return nil, Usagef("%q is not a valid date (YYYY-MM-DD)", arg)
	}
	run, vs, err := rs.LoadRun(ctx, arg)
	if errors.Is(err, graph.ErrNotFound) {
		return nil, Usagef("%q is neither a date (YYYY-MM-DD) nor a saved run (`ownex diff --list` lists them)", arg)
	}
	if err != nil {
		return nil, fmt.Errorf("load saved run %q: %w", arg, err)
	}
	s := &diffSide{arg: arg, run: &run, asOf: run.AsOf, verdicts: map[graph.Regime]map[string]graph.Verdict{}}
	for _, v := range vs {
		if s.verdicts[v.Regime] == nil {
			s.verdicts[v.Regime] = map[string]graph.Verdict{}
		}
		s.verdicts[v.Regime][v.Entity] = v
	}
	return s, nil
}

// diffStore reads the whole store once (every record, whatever its
// dates), analyses it as of each side's date, and compares.
func diffStore(ctx context.Context, env Env, st graph.Reader, a, b *diffSide, regimes []graph.Regime) ([]DiffLine, error) {
	full, err := st.Snapshot(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("read the store: %w", err)
	}
	progressf(env, "read %d entities, %d holdings, %d control edges, %d designations\n",
		len(full.Entities), len(full.Holdings), len(full.Controls), len(full.Designations))
	byDate := map[graph.Date]*exposure.Result{}
	for _, s := range []*diffSide{a, b} {
		if byDate[s.asOf] == nil {
			if byDate[s.asOf], err = analyzeSnapshot(full, s.asOf, regimes); err != nil {
				return nil, err
			}
		}
		s.current = byDate[s.asOf]
		if s.run == nil {
			s.verdicts = nonClear(s.current, regimes)
		}
	}
	names := make(map[string]string, len(full.Entities))
	for _, e := range full.Entities {
		names[e.ID] = e.Name
	}
	ix := newCauseIndex(full, a.asOf, b.asOf)
	var out []DiffLine
	for _, r := range regimes {
		out = append(out, diffRegime(r, a, b, ix, names)...)
	}
	return out, nil
}

func stateOf(v graph.Verdict, ok bool) DiffState {
	if !ok {
		return DiffState{Status: graph.StatusClear, ShareRange: graph.Exact(0).String(), Flags: []graph.Flag{}}
	}
	flags := v.Flags
	if flags == nil {
		flags = []graph.Flag{}
	}
	return DiffState{Status: v.Status, ShareMin: v.Share.Lo, ShareMax: v.Share.Hi, ShareRange: v.Share.String(), Flags: flags}
}

// classify returns the change from a to b, or "" when the status and the
// counted share are the same.
func classify(a, b graph.Verdict, aok, bok bool) string {
	status := func(v graph.Verdict, ok bool) graph.Status {
		if !ok {
			return graph.StatusClear
		}
		return v.Status
	}
	return changeOf(status(a, aok), status(b, bok), a.Share == b.Share)
}

// changeOf returns the change from status a to status b (clear when there
// is no verdict), sameShare telling whether the counted shares are equal,
// or "" when nothing changed.
func changeOf(a, b graph.Status, sameShare bool) string {
	aok, bok := a != graph.StatusClear, b != graph.StatusClear
	switch {
	case !aok && !bok:
		return ""
	case a == b && sameShare:
		return ""
	case b == graph.StatusDesignated && a != graph.StatusDesignated:
		return ChangeDesignated
	case a == graph.StatusDesignated && b != graph.StatusDesignated:
		return ChangeDelisted
	case !aok:
		return ChangeExposed
	case !bok:
		return ChangeCleared
	}
	return ChangeChanged
}

func diffRegime(r graph.Regime, a, b *diffSide, ix *causeIndex, names map[string]string) []DiffLine {
	va, vb := a.verdicts[r], b.verdicts[r]
	ids := unionKeys(va, vb)
	exposed := func(id string) bool {
		_, x := va[id]
		_, y := vb[id]
		return x || y
	}
	var out []DiffLine
	for _, id := range ids {
		x, aok := va[id]
		y, bok := vb[id]
		change := classify(x, y, aok, bok)
		if change == "" {
			continue
		}
		name := names[id]
		if name == "" {
			name = cmp.Or(y.Name, x.Name, id)
		}
		l := DiffLine{Regime: r, Change: change, ID: id, Name: name, From: a.asOf, To: b.asOf,
			Before: stateOf(x, aok), After: stateOf(y, bok), Causes: ix.causes(id, r, exposed)}
		if l.Causes == nil {
			l.Causes = []DiffCause{}
		}
		if len(l.Causes) == 0 {
			l.Notes = append(l.Notes, noCauseNote(a, b, ix.whatIf))
		}
		for _, s := range []*diffSide{a, b} {
			if n := staleNote(s, r, id); n != "" {
				l.Notes = append(l.Notes, n)
			}
		}
		out = append(out, l)
	}
	slices.SortFunc(out, lineOrder)
	return out
}

// lineOrder orders the lines of one regime by change (changeOrder), then
// entity ID.
func lineOrder(p, q DiffLine) int {
	return cmp.Or(cmp.Compare(slices.Index(changeOrder, p.Change), slices.Index(changeOrder, q.Change)), cmp.Compare(p.ID, q.ID))
}

func noCauseNote(a, b *diffSide, whatIf bool) string {
	if whatIf {
		return "cause not determined: no hypothetical record in its upstream (as of " + string(a.asOf) + ")"
	}
	if a.asOf == b.asOf {
		return fmt.Sprintf("cause not determined: both sides are as of %s, so no dated record separates them; "+
			"the data changed without dated records (a re-ingest that restated or removed records)", a.asOf)
	}
	return fmt.Sprintf("cause not determined: no designation, holding or control edge in its upstream started or ended "+
		"between %s and %s; the data changed without dated records (a share restated in place, or records removed or loaded since a run was saved)",
		min(a.asOf, b.asOf), max(a.asOf, b.asOf))
}

// staleNote tells when a saved run's verdict on id differs from what the
// current store gives as of the run's date: records changed after the run
// was saved, and the causes found in the store may not be the whole story.
func staleNote(s *diffSide, r graph.Regime, id string) string {
	if s.run == nil || s.current == nil {
		return ""
	}
	saved, sok := s.verdicts[r][id]
	now, ok := s.current.Verdict(id, r)
	nok := ok && now.Status != graph.StatusClear
	if sok == nok && (!sok || (saved.Status == now.Status && saved.Share == now.Share)) {
		return ""
	}
	return fmt.Sprintf("saved run %q is out of date for this entity: it says %s, the current store says %s as of %s "+
		"(records changed after the run was saved)", s.run.Name, stateText(stateOf(saved, sok)), stateText(stateOf(now, nok)), s.asOf)
}

func stateText(s DiffState) string {
	if s.Status == graph.StatusClear || s.Status == graph.StatusDesignated {
		return string(s.Status)
	}
	return fmt.Sprintf("%s (share %s)", s.Status, s.ShareRange)
}

// writeCausesText writes a line's causes and notes, indented, below it.
func writeCausesText(sb *strings.Builder, l DiffLine) {
	for _, c := range l.Causes {
		fmt.Fprintf(sb, "      cause: %s\n", c.Text)
	}
	for _, n := range l.Notes {
		fmt.Fprintf(sb, "      note: %s\n", n)
	}
}

// shareStateText is a state with its counted share whatever its status.
func shareStateText(s DiffState) string {
	return fmt.Sprintf("%s (share %s)", s.Status, s.ShareRange)
}

// writeDiffText writes the human-readable diff.
func writeDiffText(w io.Writer, a, b *diffSide, regimes []graph.Regime, lines []DiffLine) error {
	var sb strings.Builder
	fmt.Fprintf(&sb, "A: %s\nB: %s\n", a.describe(), b.describe())
	fmt.Fprintf(&sb, "causes: designations, holdings and control edges dated between %s and %s in each entity's upstream\n",
		min(a.asOf, b.asOf), max(a.asOf, b.asOf))
	writeDiffLines(&sb, regimes, lines, false)
	_, err := io.WriteString(w, sb.String())
	return err
}

// writeDiffLines writes the lines of a diff per regime, with counts per
// change; proofs adds each line's proofs (whatif) as text trees.
func writeDiffLines(sb *strings.Builder, regimes []graph.Regime, lines []DiffLine, proofs bool) {
	for _, r := range regimes {
		var rl []DiffLine
		for _, l := range lines {
			if l.Regime == r {
				rl = append(rl, l)
			}
		}
		fmt.Fprintf(sb, "\n%s:", r)
		if len(rl) == 0 {
			sb.WriteString(" no change\n")
			continue
		}
		var counts []string
		for _, c := range changeOrder {
			n := 0
			for _, l := range rl {
				if l.Change == c {
					n++
				}
			}
			if n > 0 {
				counts = append(counts, fmt.Sprintf("%d %s", n, changeTitles[c]))
			}
		}
		fmt.Fprintf(sb, " %s\n", strings.Join(counts, ", "))
		for _, l := range rl {
			name := ""
			if l.Name != l.ID {
				name = " " + l.Name
			}
			before, after := stateText(l.Before), stateText(l.After)
			if before == after { // a designated party's counted share changed: say so
				before, after = shareStateText(l.Before), shareStateText(l.After)
			}
			fmt.Fprintf(sb, "  %-17s  %s%s: %s → %s\n", changeTitles[l.Change], l.ID, name, before, after)
			writeCausesText(sb, l)
			if proofs {
				writeIndentedProof(sb, "proof before", l.ProofBefore)
				writeIndentedProof(sb, "proof after", l.ProofAfter)
			}
		}
	}
}

// writeIndentedProof writes p's text tree under a title, indented under
// its diff line; nothing for a nil proof.
func writeIndentedProof(sb *strings.Builder, title string, p *graph.Proof) {
	if p == nil {
		return
	}
	fmt.Fprintf(sb, "      %s:\n", title)
	for line := range strings.SplitSeq(report.ProofText(p), "\n") {
		fmt.Fprintf(sb, "        %s\n", line)
	}
}
