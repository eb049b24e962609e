package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/ownex/ownex/graph"
)

// tableWriter prints one row per entity (record) and one column per
// regime:
//
//	ID  NAME  PARTY  OFAC  UK  EU  FLAGS
//
// PARTY is the id that stands for the record's party (graph.Verdict.Party):
// records of one party have the same one and the same verdicts.
// A cell shows the status and, for an entity reached through holdings, the
// counted share range. Entities clear under every regime are left out
// unless all is set or they have possible links (whose flags show in
// FLAGS; `ownex explain` names the candidates).
type tableWriter struct {
	tw      *tabwriter.Writer
	regimes []graph.Regime
	all     bool
	rows    int
}

func newTableWriter(w io.Writer, regimes []graph.Regime, all bool) *tableWriter {
	t := &tableWriter{tw: tabwriter.NewWriter(w, 0, 0, 2, ' ', 0), regimes: regimes, all: all}
	head := []string{"ID", "NAME", "PARTY"}
	for _, r := range regimes {
		head = append(head, strings.ToUpper(string(r)))
	}
	head = append(head, "FLAGS")
	fmt.Fprintln(t.tw, strings.Join(head, "\t"))
	return t
}

func (t *tableWriter) WriteEntity(vs []graph.Verdict) error {
	if len(vs) == 0 {
		return nil
	}
	cells := make(map[graph.Regime]string, len(vs))
	flagSet := map[graph.Flag]bool{}
	anyShown := false
	for _, v := range vs {
		cells[v.Regime] = Cell(v)
		if shown(v, false) {
			anyShown = true
		}
		for _, f := range v.Flags {
			flagSet[f] = true
		}
	}
	if !anyShown && !t.all {
		return nil
	}
	row := []string{vs[0].Entity, shorten(vs[0].Name, 48), vs[0].Party}
	for _, r := range t.regimes {
		c, ok := cells[r]
		if !ok {
			c = "-"
		}
		row = append(row, c)
	}
	flags := make([]string, 0, len(flagSet))
	for f := range flagSet {
		flags = append(flags, string(f))
	}
	sort.Strings(flags)
	row = append(row, strings.Join(flags, ","))
	t.rows++
	_, err := fmt.Fprintln(t.tw, strings.Join(row, "\t"))
	return err
}

func (t *tableWriter) Close() error {
	if t.rows == 0 {
		fmt.Fprintln(t.tw, "(no exposed entity)")
	}
	return t.tw.Flush()
}

// Cell formats a verdict for a table cell: "blocked 55%", "owned 50-75%",
// "undetermined 0-60%", "owned 40% (votes 60%)", "designated", "clear".
func Cell(v graph.Verdict) string {
	switch v.Status {
	case graph.StatusClear, graph.StatusDesignated:
		return string(v.Status)
	}
	if v.Status == graph.StatusControlled && v.Share.Hi < graph.Fifty && v.Votes.Hi <= graph.Fifty {
		return string(v.Status)
	}
	s := fmt.Sprintf("%s %s", v.Status, pctRange(v.Share))
	if v.Votes != v.Share {
		s += fmt.Sprintf(" (votes %s)", pctRange(v.Votes))
	}
	return s
}

func pctRange(r graph.Range) string {
	if r.IsUnknown() {
		return "0-100%"
	}
	return r.String() + "%"
}

// shorten cuts s to at most n runes, marking the cut with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
