package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// writeClosure prints the links of `ownex owners` or `ownex holdings`:
// one row (or JSON line) per holding or control edge.
func writeClosure(w io.Writer, c queries.Closure, format, what string) error {
	if format == "jsonl" {
		enc := json.NewEncoder(w)
		for _, l := range c.Links {
			if err := enc.Encode(l); err != nil {
				return err
			}
		}
		return nil
	}
	depth := "all levels"
	if c.Depth > 0 {
		depth = fmt.Sprintf("up to %d levels", c.Depth)
	}
	fmt.Fprintf(w, "%s of %s (%s) as of %s, %s: %d parties\n", strings.ToUpper(what[:1])+what[1:],
		c.Subject.ID, c.Subject.Name, c.AsOf, depth, len(c.Parties))
	if len(c.Links) == 0 {
		_, err := fmt.Fprintln(w, "(none)")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LEVEL\tOWNER\tNAME\tHOLDS\tIN\tNAME\tSOURCE")
	for _, l := range c.Links {
		holds := "controls (" + string(l.Basis) + ")"
		if l.Relation == queries.RelOwns {
			holds = shareCell(*l.Share) + " of shares"
			if l.Votes != nil && *l.Votes != *l.Share {
				holds += ", " + shareCell(*l.Votes) + " of votes"
			}
		}
		if l.Start != "" || l.End != "" {
			holds += " [" + string(l.Start) + ".." + string(l.End) + ")"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", l.Level, l.From, shortName(l.FromName), holds, l.To,
			shortName(l.ToName), provenance(l.Provenance))
	}
	return tw.Flush()
}

// writePaths prints `ownex paths`: one row (or JSON line) per path.
func writePaths(w io.Writer, r queries.PathsResult, format string) error {
	if format == "jsonl" {
		enc := json.NewEncoder(w)
		for _, p := range r.Paths {
			if err := enc.Encode(p); err != nil {
				return err
			}
		}
		return nil
	}
	fmt.Fprintf(w, "Ownership paths from %s (%s) to %s (%s) as of %s, at most %d holdings: %d found\n",
		r.From.ID, r.From.Name, r.To.ID, r.To.Name, r.AsOf, r.MaxLength, len(r.Paths))
	if len(r.Paths) == 0 {
		_, err := fmt.Fprintln(w, "(none)")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tSTEPS\tMULTIPLIED\tPATH")
	for i, p := range r.Paths {
		var b strings.Builder
		for j, e := range p.Entities {
			if j > 0 {
				b.WriteString(" -" + shareCell(p.Shares[j-1]) + "-> ")
			}
			b.WriteString(e.ID)
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\n", i+1, p.Len(), floatRange(p.ShareMin, p.ShareMax), b.String())
	}
	if r.Truncated {
		fmt.Fprintln(tw, "(search stopped at its work bound: more paths may exist)")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "Multiplied shares are an analytic measure (RULES.md section 1), never a verdict.")
	return err
}

// writeLookThrough prints `ownex lookthrough`: one row (or JSON line) per
// upstream party.
func writeLookThrough(w io.Writer, r queries.LookThroughReport, format string) error {
	if format == "jsonl" {
		enc := json.NewEncoder(w)
		for _, o := range r.Owners {
			if err := enc.Encode(o); err != nil {
				return err
			}
		}
		return nil
	}
	fmt.Fprintf(w, "Look-through ownership of %s (%s) as of %s: %d upstream parties\n",
		r.Subject.ID, r.Subject.Name, r.AsOf, len(r.Owners))
	if len(r.Owners) == 0 {
		_, err := fmt.Fprintln(w, "(none)")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tLEVEL\tLOOK-THROUGH\tDIRECT\tULTIMATE")
	for _, o := range r.Owners {
		direct, ult := "-", ""
		if o.DirectMax > 0 {
			direct = floatRange(o.DirectMin, o.DirectMax)
		}
		if o.Ultimate {
			ult = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", o.ID, shortName(o.Name), o.Level,
			floatRange(o.ShareMin, o.ShareMax), direct, ult)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, c := range r.Cycles {
		fmt.Fprintf(w, "Cross-holding group %s: solved exactly as one linear system.\n", strings.Join(c, ", "))
	}
	_, err := fmt.Fprintln(w, "Look-through shares multiply shares along every path (docs/LOOKTHROUGH.md):\n"+
		"an analytic measure (RULES.md section 1), never a verdict; lower-upper from the share ranges.")
	return err
}

// shareCell formats a share range in percent.
func shareCell(r graph.Range) string {
	if r.IsUnknown() {
		return "unknown"
	}
	return r.String() + "%"
}

// floatRange formats a lower and an upper float percentage.
func floatRange(lo, hi float64) string {
	if floatPct(lo) == floatPct(hi) {
		return floatPct(lo)
	}
	return floatPct(lo) + " - " + floatPct(hi)
}

func floatPct(f float64) string {
	if math.IsInf(f, 1) {
		return "unbounded"
	}
	return strconv.FormatFloat(math.Round(f*1e4)/1e4, 'f', -1, 64) + "%"
}

func shortName(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}

func provenance(p graph.Provenance) string {
	if p.Record == "" {
		return p.Source
	}
	return p.Source + ":" + p.Record
}
