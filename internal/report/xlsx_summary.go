package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// WriteSummaryXLSX writes a whole-store summary (`ownex report`) as a
// workbook: Summary (counts per regime and status), Groups,
// Disagreements, Over-allocated, Cycles, Unknown shares and Possible links
// sheets, each with a frozen header row and an auto filter.
// SheetPossible is the summary workbook's sheet of verdicts with possible
// links.
const SheetPossible = "Possible links"

func WriteSummaryXLSX(w io.Writer, s *queries.Summary, generated time.Time) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE3EA"}}})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	upper := func(r graph.Regime) string { return strings.ToUpper(string(r)) }
	sheets := []struct {
		name string
		head []string
		rows [][]any
	}{}
	add := func(name string, head []string, rows [][]any) {
		sheets = append(sheets, struct {
			name string
			head []string
			rows [][]any
		}{name, head, rows})
	}

	head := []string{"regime"}
	for _, st := range Statuses {
		head = append(head, string(st))
	}
	var rows [][]any
	for _, sr := range statusRows(s.Regimes, s.Statuses) {
		row := []any{upper(sr.Regime)}
		for _, c := range sr.Counts {
			row = append(row, c)
		}
		rows = append(rows, row)
	}
	rows = append(rows, []any{}, []any{"as of", string(s.AsOf)}, []any{"generated", generated.UTC().Format(time.RFC3339)},
		[]any{"parties analysed", s.Parties}, []any{"records analysed", s.Entities}, []any{"holdings", s.Store.Holdings}, []any{"control edges", s.Store.Controls},
		[]any{"designations", s.Store.Designations}, []any{"exposed groups", s.GroupsTotal},
		[]any{"disagreements", s.DisagreementsTotal}, []any{"over-allocated companies", s.OverAllocatedTotal},
		[]any{"ownership cycles", s.CyclesTotal}, []any{"unknown shares on exposed paths", s.UnknownSharesTotal},
		[]any{"entities with possible links", s.PossibleTotal})
	add("Summary", head, rows)

	head = []string{"size", "most connected member", "member ids", "designated members"}
	for _, r := range s.Regimes {
		head = append(head, upper(r)+" exposed")
	}
	rows = nil
	for _, g := range s.Groups {
		row := []any{g.Size, g.Largest.Name, refIDs(g.Largest), refs(g.Designated)}
		for _, r := range s.Regimes {
			row = append(row, g.Exposed[r])
		}
		rows = append(rows, row)
	}
	add("Groups", head, rows)

	head = []string{"id", "name", "records", "derived"}
	for _, r := range s.Regimes {
		head = append(head, upper(r))
	}
	rows = nil
	for _, d := range s.Disagreements {
		row := []any{d.ID, d.Name, refIDs(d.EntityRef), strconv.FormatBool(d.Derived)}
		for _, r := range s.Regimes {
			row = append(row, string(d.Statuses[r]))
		}
		rows = append(rows, row)
	}
	add("Disagreements", head, rows)

	rows = nil
	for _, o := range s.OverAllocated {
		rows = append(rows, []any{o.ID, o.Name, o.Holders, o.Total.Lo.String(), o.Total.Hi.String()})
	}
	add("Over-allocated", []string{"id", "name", "holders", "total_min", "total_max"}, rows)

	rows = nil
	for _, c := range s.Cycles {
		rows = append(rows, []any{c.Size, refs(c.Members)})
	}
	add("Cycles", []string{"size", "members"}, rows)

	rows = nil
	for _, u := range s.UnknownShares {
		sts := make([]string, len(u.Statuses))
		for i, st := range u.Statuses {
			sts[i] = string(st)
		}
		rows = append(rows, []any{u.Owner.ID, u.Owner.Name, strings.Join(sts, " / "), u.Owned.ID, u.Owned.Name, u.Source, u.Record})
	}
	add("Unknown shares", []string{"owner_id", "owner_name", "owner_statuses", "owned_id", "owned_name", "source", "record"}, rows)

	rows = nil
	for _, p := range s.Possible {
		rows = append(rows, []any{p.ID, p.Name, string(p.Regime), string(p.Status), joinFlags(p.Flags, ";"),
			PossibleList(p.PossiblySameAs, p.ID), PossibleList(p.PossiblyExposedVia, p.ID), string(p.PossibleStatus), refIDs(p.EntityRef)})
	}
	add(SheetPossible, []string{"id", "name", "regime", "status", "flags", "possibly_same_as", "possibly_exposed_via", "possible_status", "records"}, rows)

	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return fmt.Errorf("xlsx: %w", err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		for j, h := range sh.head {
			cell, _ := excelize.CoordinatesToCellName(j+1, 1)
			if err := f.SetCellValue(sh.name, cell, h); err != nil {
				return fmt.Errorf("xlsx: %w", err)
			}
		}
		last, _ := excelize.CoordinatesToCellName(len(sh.head), 1)
		_ = f.SetCellStyle(sh.name, "A1", last, bold)
		_ = f.SetColWidth(sh.name, "A", "H", 18)
		for r, row := range sh.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := f.SetSheetRow(sh.name, cell, &row); err != nil {
				return fmt.Errorf("xlsx: %w", err)
			}
		}
		if err := f.SetPanes(sh.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		n := len(sh.rows) + 1
		if i == 0 {
			n = len(s.Regimes) + 1 // the filter covers the status table only
		}
		end, _ := excelize.CoordinatesToCellName(len(sh.head), n)
		if err := f.AutoFilter(sh.name, "A1:"+end, nil); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}
