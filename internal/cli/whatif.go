package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// WhatIfOptions are the flags of `ownex whatif`.
type WhatIfOptions struct {
	Regime string // ofac, uk, eu, a comma list, or all
	AsOf   string // YYYY-MM-DD; empty = today
	Format string // text (default) or jsonl
	// Designate ("ID:REGIME"), Delist ("ID:REGIME") and Holding
	// ("OWNER,OWNED,SHARE") are the hypothetical changes.
	Designate []string
	Delist    []string
	Holding   []string
}

// Cause kinds of a what-if line: the hypothetical records.
const (
	causeWhatIfDesignation = "what-if-designation"
	causeWhatIfDelisting   = "what-if-delisting"
	causeWhatIfHolding     = "what-if-holding"
)

// whatIfSource is the provenance source of the hypothetical records.
const whatIfSource = "what-if"

// whatIfChanges are the hypothetical records of a what-if, and the
// causes they make.
type whatIfChanges struct {
	designations []graph.Designation // added, listed on the as-of date
	delisted     map[int]bool        // indexes of the store's designations ended on the as-of date
	holdings     []graph.Holding     // added, starting on the as-of date
	causes       *causeIndex
	describe     []string
}

// WhatIf reports the verdicts that would change as of opt.AsOf if the
// hypothetical changes were loaded: designations listed and designations
// delisted on that date, holdings starting on it. It reads the store once
// and writes nothing to it; the report is diff's (DiffLine: the change,
// the state before and after), each line with the hypothetical records in
// the entity's upstream as causes and the proofs of both states.
func WhatIf(ctx context.Context, env Env, cfg Config, opt WhatIfOptions) error {
	if opt.Format != "" && opt.Format != "text" && opt.Format != "jsonl" {
		return Usagef("--format: unknown format %q: want text or jsonl", opt.Format)
	}
	if len(opt.Designate)+len(opt.Delist)+len(opt.Holding) == 0 {
		return Usagef("whatif needs at least one --designate, --delist or --holding")
	}
	regimes, err := ParseRegimes(opt.Regime)
	if err != nil {
		return err
	}
	asOf, err := ParseAsOf(opt.AsOf)
	if err != nil {
		return err
	}
	st, err := OpenStoreReadOnly(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	full, err := st.Snapshot(ctx, "")
	if err != nil {
		return fmt.Errorf("read the store: %w", err)
	}
	ch, err := parseWhatIf(full, asOf, opt)
	if err != nil {
		return err
	}
	lines, err := whatIfLines(full, asOf, regimes, ch)
	if err != nil {
		return err
	}
	if opt.Format == "jsonl" {
		return writeDiffJSONL(env.Stdout, lines)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "what-if as of %s, the store with:\n", asOf)
	for _, d := range ch.describe {
		fmt.Fprintf(&sb, "  %s\n", d)
	}
	sb.WriteString("nothing was written to the store\n")
	writeDiffLines(&sb, regimes, lines, true)
	_, err = io.WriteString(env.Stdout, sb.String())
	return err
}

// parseWhatIf reads the hypothetical changes against full (every record
// of the store): each entity must be in the store, each delisting must
// end a designation in force on asOf.
func parseWhatIf(full *graph.Snapshot, asOf graph.Date, opt WhatIfOptions) (*whatIfChanges, error) {
	known := make(map[string]bool, len(full.Entities))
	for _, e := range full.Entities {
		known[e.ID] = true
	}
	entity := func(flag, id string) error {
		if id == "" || !known[id] {
			return Usagef("%s: entity %q is not in the store", flag, id)
		}
		return nil
	}
	ch := &whatIfChanges{delisted: map[int]bool{}, causes: &causeIndex{lo: asOf, hi: asOf, designations: map[string][]DiffCause{},
		holdings: map[string][]heldCause{}, controls: map[string][]heldCause{}, owners: map[string][]string{}, whatIf: true}}
	idRegime := func(flag, arg string) (string, graph.Regime, error) {
		i := strings.LastIndex(arg, ":")
		if i < 0 {
			return "", "", Usagef("%s %q: want ID:REGIME", flag, arg)
		}
		id, r := strings.TrimSpace(arg[:i]), graph.Regime(strings.ToLower(strings.TrimSpace(arg[i+1:])))
		if r != graph.RegimeOFAC && r != graph.RegimeUK && r != graph.RegimeEU && r != graph.RegimeUN {
			return "", "", Usagef("%s %q: unknown regime %q: want ofac, uk, eu or un", flag, arg, r)
		}
		return id, r, entity(flag, id)
	}
	for _, arg := range opt.Designate {
		id, r, err := idRegime("--designate", arg)
		if err != nil {
			return nil, err
		}
		d := graph.Designation{Entity: id, Regime: r, Program: "what-if", Listed: asOf,
			Provenance: graph.Provenance{Source: whatIfSource, Record: "--designate " + arg}}
		ch.designations = append(ch.designations, d)
		text := fmt.Sprintf("what-if: designation of %s (%s) from %s", id, r, asOf)
		ch.describe = append(ch.describe, text)
		ch.causes.designations[id] = append(ch.causes.designations[id], DiffCause{Kind: causeWhatIfDesignation, Date: asOf,
			Entity: id, Regime: r, Program: d.Program, Provenance: d.Provenance, Text: text})
	}
	for _, arg := range opt.Delist {
		id, r, err := idRegime("--delist", arg)
		if err != nil {
			return nil, err
		}
		n := 0
		for i, d := range full.Designations {
			if d.Entity == id && d.Regime == r && d.ActiveOn(asOf) {
				ch.delisted[i] = true
				n++
				text := fmt.Sprintf("what-if: designation of %s (%s %s) delisted on %s", id, r, d.Program, asOf)
				ch.describe = append(ch.describe, text)
				ch.causes.designations[id] = append(ch.causes.designations[id], DiffCause{Kind: causeWhatIfDelisting, Date: asOf,
					Entity: id, Regime: r, Program: d.Program, Provenance: d.Provenance, Text: text})
			}
		}
		if n == 0 {
			return nil, Usagef("--delist %s: %s has no %s designation in force on %s", arg, id, r, asOf)
		}
	}
	for _, arg := range opt.Holding {
		parts := strings.Split(arg, ",")
		if len(parts) != 3 {
			return nil, Usagef("--holding %q: want OWNER,OWNED,SHARE", arg)
		}
		owner, owned := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
		if err := entity("--holding", owner); err != nil {
			return nil, err
		}
		if err := entity("--holding", owned); err != nil {
			return nil, err
		}
		if owner == owned {
			return nil, Usagef("--holding %q: an entity cannot hold itself", arg)
		}
		share, _, err := graph.ParseShare(parts[2])
		if err != nil {
			return nil, Usagef("--holding %q: %v", arg, err)
		}
		h := graph.Holding{Owner: owner, Owned: owned, Share: share, Votes: share, Span: graph.Span{Start: asOf},
			Provenance: graph.Provenance{Source: whatIfSource, Record: "--holding " + arg}}
		ch.holdings = append(ch.holdings, h)
		text := fmt.Sprintf("what-if: holding %s → %s %s from %s", owner, owned, shareText(share), asOf)
		ch.describe = append(ch.describe, text)
		ch.causes.holdings[owned] = append(ch.causes.holdings[owned], heldCause{DiffCause: DiffCause{Kind: causeWhatIfHolding,
			Date: asOf, Entity: owner, Target: owned, Share: share.String(), Provenance: h.Provenance, Text: text}, from: owner})
	}
	return ch, nil
}

// hypothetical is full with the changes: the added designations and
// holdings, and the delisted designations ending on asOf. full is not
// modified.
func (ch *whatIfChanges) hypothetical(full *graph.Snapshot, asOf graph.Date) *graph.Snapshot {
	hyp := *full
	hyp.Designations = make([]graph.Designation, 0, len(full.Designations)+len(ch.designations))
	for i, d := range full.Designations {
		if ch.delisted[i] {
			d.Delisted = asOf
		}
		hyp.Designations = append(hyp.Designations, d)
	}
	hyp.Designations = append(hyp.Designations, ch.designations...)
	hyp.Holdings = append(slices.Clip(full.Holdings), ch.holdings...)
	return &hyp
}

// whatIfLines analyses full and its hypothetical version as of asOf and
// compares them as diff does, with the proofs of both states.
func whatIfLines(full *graph.Snapshot, asOf graph.Date, regimes []graph.Regime, ch *whatIfChanges) ([]DiffLine, error) {
	hyp := ch.hypothetical(full, asOf)
	before, err := analyzeSnapshot(full, asOf, regimes)
	if err != nil {
		return nil, err
	}
	after, err := analyzeSnapshot(hyp, asOf, regimes)
	if err != nil {
		return nil, err
	}
	for _, h := range hyp.Holdings {
		if h.Covers(asOf) {
			ch.causes.owners[h.Owned] = append(ch.causes.owners[h.Owned], h.Owner)
		}
	}
	for _, k := range hyp.Controls {
		if k.Covers(asOf) {
			ch.causes.owners[k.Controlled] = append(ch.causes.owners[k.Controlled], k.Controller)
		}
	}
	a := &diffSide{arg: string(asOf), asOf: asOf, current: before, verdicts: nonClear(before, regimes)}
	b := &diffSide{arg: string(asOf), asOf: asOf, current: after, verdicts: nonClear(after, regimes)}
	names := make(map[string]string, len(full.Entities))
	for _, e := range full.Entities {
		names[e.ID] = e.Name
	}
	var out []DiffLine
	for _, r := range regimes {
		out = append(out, diffRegime(r, a, b, ch.causes, names)...)
	}
	for i := range out {
		l := &out[i]
		l.ProofBefore = proofOf(before, l.ID, l.Regime, l.Before.Status)
		l.ProofAfter = proofOf(after, l.ID, l.Regime, l.After.Status)
	}
	return out, nil
}

// nonClear is every non-clear verdict of res under regimes.
func nonClear(res *exposure.Result, regimes []graph.Regime) map[graph.Regime]map[string]graph.Verdict {
	out := map[graph.Regime]map[string]graph.Verdict{}
	for _, r := range regimes {
		m := map[string]graph.Verdict{}
		for v := range res.Verdicts(r) {
			if v.Status != graph.StatusClear {
				m[v.Entity] = v
			}
		}
		out[r] = m
	}
	return out
}

// proofOf is id's proof under r, graph.ProofDepth levels deep, or nil for
// a clear status.
func proofOf(res *exposure.Result, id string, r graph.Regime, st graph.Status) *graph.Proof {
	if st == graph.StatusClear {
		return nil
	}
	p, err := res.ExplainDepth(id, r, graph.ProofDepth)
	if err != nil {
		return nil
	}
	return p
}

// shareText is a share range for a sentence: "60 %", "25-50 %" or
// "unknown share".
func shareText(r graph.Range) string {
	if s := r.String(); s != "unknown" {
		return s + " %"
	}
	return "unknown share"
}
