package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// XLSX files are written with github.com/xuri/excelize/v2, the field
// standard for reading and writing Office Open XML spreadsheets in Go
// (pure Go, maintained, streaming writer for large sheets, used by the
// Go ecosystem's reporting tools); nothing else in ownex writes XLSX.

// ScreenMeta describes a screening for the headers of its reports.
type ScreenMeta struct {
	Input     string         // counterparties file
	AsOf      graph.Date     // analysis date
	Regimes   []graph.Regime // regimes screened, in column order
	Generated time.Time      // when the report was made
	// Lookback is set when the input has a date column (issue 17 item
	// 2): each row is screened as of its own date, and the reports add
	// the row's date and its status today (LookbackHeader).
	Lookback bool
	// Warnings are said before the results: the HTML report's head, the
	// workbook's first sheet (SheetWarnings, only when there are some).
	// Today the one warning is queries.NoDesignations's.
	Warnings []string
}

// ScreenHeader is the flat column layout of a screening result, one row
// per counterparty: the CSV output and the XLSX results sheet. Per regime:
// status, counted share range, look-through share held by designated
// parties, flags and the one-line reason; withProof adds the proof as a
// text tree per regime (CSV; the XLSX has a proofs sheet instead). Then,
// after every regime's columns (so that the earlier columns keep their
// places), per regime the possible links behind the flags
// possibly-same-as and possibly-exposed (PossibleList) and the status the
// entity would have with them merged. Last (issue 14) the match's party
// (its record ids, ";"-joined), the records possibly the same as it, the
// record's name or alias that matched, why it matched (MatchWhy) and the
// row's date of birth.
func ScreenHeader(regimes []graph.Regime, withProof bool) []string {
	h := []string{"line", "ref", "input_name", "input_country", "input_identifiers", "match", "method", "confidence",
		"entity_id", "entity_name", "candidates", "problems"}
	for _, r := range regimes {
		p := string(r) + "_"
		h = append(h, p+"status", p+"share_min", p+"share_max", p+"lookthrough", p+"flags", p+"reason")
		if withProof {
			h = append(h, p+"proof")
		}
	}
	for _, r := range regimes {
		p := string(r) + "_"
		h = append(h, p+"possibly_same_as", p+"possibly_exposed_via", p+"possible_status")
	}
	return append(h, whyHeader...)
}

// whyHeader names the columns of whyCells, the last of ScreenHeader.
var whyHeader = []string{"party", "possibly_same", "matched_name", "why", "input_dob"}

// whyCells are a row's cells under whyHeader.
func whyCells(row *queries.ScreenRow) []string {
	m := &row.Match
	return []string{strings.Join(m.Party, ";"), strings.Join(m.PossiblySame, ";"), MatchedName(m), MatchWhy(m), row.Input.BirthDate}
}

// ScreenCells returns row's cells in ScreenHeader's order.
func ScreenCells(row *queries.ScreenRow, regimes []graph.Regime, withProof bool) []string {
	in, m := &row.Input, &row.Match
	conf := ""
	if m.Status != queries.MatchUnmatched || m.Confidence > 0 {
		conf = strconv.FormatFloat(m.Confidence, 'f', 3, 64)
	}
	cells := []string{strconv.Itoa(in.Line), in.Ref, in.Name, in.Country, identifiers(in.Identifiers), string(m.Status),
		m.Method, conf, m.Entity, m.Name, Candidates(m.Candidates), strings.Join(in.Problems, "; ")}
	for _, r := range regimes {
		v := rowVerdict(row, r)
		if v == nil {
			cells = append(cells, "", "", "", "", "", "")
			if withProof {
				cells = append(cells, "")
			}
			continue
		}
		lo, hi := "", ""
		if v.Status != graph.StatusClear && v.Status != graph.StatusDesignated {
			lo, hi = v.Share.Lo.String(), v.Share.Hi.String()
		}
		cells = append(cells, string(v.Status), lo, hi, LookThrough(v), joinFlags(v.Flags, ";"), v.Reason)
		if withProof {
			cells = append(cells, ProofText(v.Proof))
		}
	}
	for _, r := range regimes {
		cells = append(cells, possibleCells(row, r)...)
	}
	return append(cells, whyCells(row)...)
}

// possibleCells are a row's possible links under r: possibly_same_as,
// possibly_exposed_via, possible_status (empty without a verdict).
func possibleCells(row *queries.ScreenRow, r graph.Regime) []string {
	v := rowVerdict(row, r)
	if v == nil {
		return []string{"", "", ""}
	}
	return []string{PossibleList(v.PossiblySameAs, row.Match.Entity), PossibleList(v.PossiblyExposedVia, row.Match.Entity), string(v.PossibleStatus)}
}

// LookThrough formats the look-through share held by designated parties
// in percent ("42.5", "30-55", "12-unbounded"), empty for a designated
// entity.
func LookThrough(v *queries.RowVerdict) string {
	d := v.LookThrough
	switch {
	case d == nil:
		return ""
	case d.Unbounded:
		return strconv.FormatFloat(d.Min, 'f', -1, 64) + "-unbounded"
	case d.Min == d.Max:
		return strconv.FormatFloat(d.Min, 'f', -1, 64)
	}
	return strconv.FormatFloat(d.Min, 'f', -1, 64) + "-" + strconv.FormatFloat(d.Max, 'f', -1, 64)
}

// ProofText is a proof as the text tree of `ownex explain`.
func ProofText(p *graph.Proof) string {
	if p == nil {
		return ""
	}
	var b bytes.Buffer
	_ = WriteProofText(&b, p)
	return strings.TrimRight(b.String(), "\n")
}

// Candidates formats match candidates as "id (name) 0.912; …", with
// " [party id, id2]" after a candidate whose party has other records.
func Candidates(cs []queries.Candidate) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%s (%s) %.3f", c.ID, c.Name, c.Score)
		if len(c.Party) > 1 {
			parts[i] += " [party " + strings.Join(c.Party, ", ") + "]"
		}
	}
	return strings.Join(parts, "; ")
}

func identifiers(ids []graph.Identifier) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = id.String()
	}
	return strings.Join(parts, ";")
}

func rowVerdict(row *queries.ScreenRow, r graph.Regime) *queries.RowVerdict {
	for i := range row.Verdicts {
		if row.Verdicts[i].Regime == r {
			return &row.Verdicts[i]
		}
	}
	return nil
}

// Sheet names of the screening workbook.
const (
	SheetResults   = "Results"
	SheetProofs    = "Proofs"
	SheetUnmatched = "Unmatched and ambiguous"
	// SheetWarnings comes first, and is the active sheet, when the
	// screening has warnings (ScreenMeta.Warnings): one a row.
	SheetWarnings = "Warnings"
)

// tableNames name the tables of the three sheets.
var tableNames = [3]string{"Results", "Proofs", "Unmatched"}

// ScreenXLSX writes a screening workbook: the Results sheet (one row per
// counterparty, ScreenHeader's columns), the Proofs sheet (one row per
// counterparty and regime that is not clear or has possible links: reason,
// proof tree and possible links) and the "Unmatched and ambiguous" sheet
// (every row that did not match one entity, with its candidates and why
// each is one). Every sheet has a frozen header row and an auto filter.
// Rows are streamed to the sheets (excelize's stream writer keeps large
// sheets in temporary files); the workbook is written to w on Close.
type ScreenXLSX struct {
	w       io.Writer
	meta    ScreenMeta
	f       *excelize.File
	sheets  [3]*xlsxSheet
	regimes []graph.Regime
}

type xlsxSheet struct {
	name string
	sw   *excelize.StreamWriter
	rows int
	cols int
}

// NewScreenXLSX starts a screening workbook.
func NewScreenXLSX(w io.Writer, meta ScreenMeta) (*ScreenXLSX, error) {
	f := excelize.NewFile()
	x := &ScreenXLSX{w: w, meta: meta, f: f, regimes: meta.Regimes}
	results := ScreenHeader(meta.Regimes, false)
	if meta.Lookback {
		results = append(results, LookbackHeader(meta.Regimes)...)
	}
	heads := [3][]string{
		results,
		{"line", "ref", "entity_id", "entity_name", "regime", "status", "share_min", "share_max", "lookthrough", "flags", "reason", "proof",
			"possibly_same_as", "possibly_exposed_via", "possible_status"},
		{"line", "ref", "input_name", "input_country", "input_identifiers", "match", "best_score", "candidates", "problems", "why"},
	}
	names := [3]string{SheetResults, SheetProofs, SheetUnmatched}
	first := SheetResults
	if len(meta.Warnings) > 0 {
		first = SheetWarnings
	}
	if err := f.SetSheetName("Sheet1", first); err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE3EA"}}})
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	if len(meta.Warnings) > 0 {
		if err := f.SetCellStyle(SheetWarnings, "A1", "A1", bold); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
		_ = f.SetColWidth(SheetWarnings, "A", "A", 120)
		for i, w := range append([]string{"warning"}, meta.Warnings...) {
			if err := f.SetCellStr(SheetWarnings, "A"+strconv.Itoa(i+1), xlsxText(w)); err != nil {
				return nil, fmt.Errorf("xlsx: sheet %s: %w", SheetWarnings, err)
			}
		}
	}
	for i, name := range names {
		if i > 0 || first != SheetResults {
			if _, err := f.NewSheet(name); err != nil {
				return nil, fmt.Errorf("xlsx: %w", err)
			}
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
		_ = sw.SetColWidth(1, len(heads[i]), 16)
		s := &xlsxSheet{name: name, sw: sw, cols: len(heads[i])}
		cells := make([]any, len(heads[i]))
		for j, h := range heads[i] {
			cells[j] = excelize.Cell{StyleID: bold, Value: h}
		}
		if err := s.add(cells); err != nil {
			return nil, err
		}
		x.sheets[i] = s
	}
	return x, nil
}

func (s *xlsxSheet) add(cells []any) error {
	s.rows++
	cell, _ := excelize.CoordinatesToCellName(1, s.rows)
	if err := s.sw.SetRow(cell, cells); err != nil {
		return fmt.Errorf("xlsx: sheet %s row %d: %w", s.name, s.rows, err)
	}
	return nil
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = xlsxText(s)
	}
	return out
}

// xlsxText cuts s to Excel's cell limit (32,767 characters).
func xlsxText(s string) string {
	const limit = 32767
	if len(s) <= limit {
		return s
	}
	r := []rune(s)
	if len(r) <= limit {
		return s
	}
	return string(r[:limit-1]) + "…"
}

// WriteRow adds one counterparty's outcome.
func (x *ScreenXLSX) WriteRow(row queries.ScreenRow) error {
	results := ScreenCells(&row, x.regimes, false)
	if x.meta.Lookback {
		results = append(results, LookbackCells(&row, x.regimes)...)
	}
	if err := x.sheets[0].add(anys(results)); err != nil {
		return err
	}
	in, m := &row.Input, &row.Match
	for _, v := range row.Verdicts {
		if v.Status == graph.StatusClear && !queries.HasPossible(v.Flags, v.PossiblySameAs, v.PossiblyExposedVia) {
			continue
		}
		cells := []string{strconv.Itoa(in.Line), in.Ref, m.Entity, m.Name, string(v.Regime), string(v.Status),
			v.Share.Lo.String(), v.Share.Hi.String(), LookThrough(&v), joinFlags(v.Flags, ";"), v.Reason, ProofText(v.Proof)}
		cells = append(cells, possibleCells(&row, v.Regime)...)
		if err := x.sheets[1].add(anys(cells)); err != nil {
			return err
		}
	}
	if m.Status != queries.MatchMatched {
		cells := []string{strconv.Itoa(in.Line), in.Ref, in.Name, in.Country, identifiers(in.Identifiers), string(m.Status),
			strconv.FormatFloat(m.Confidence, 'f', 3, 64), Candidates(m.Candidates), strings.Join(in.Problems, "; "), MatchWhy(m)}
		if err := x.sheets[2].add(anys(cells)); err != nil {
			return err
		}
	}
	return nil
}

// Close finishes every sheet and writes the workbook. Each sheet's rows
// become an Excel table, which carries the auto filter (excelize's stream
// writer keeps no worksheet-level filter; a table's filter is the same
// drop-down in Excel and LibreOffice).
func (x *ScreenXLSX) Close(queries.ScreenStats) error {
	defer x.f.Close()
	for i, s := range x.sheets {
		last, _ := excelize.CoordinatesToCellName(s.cols, s.rows)
		stripes := true
		if err := s.sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: tableNames[i],
			StyleName: "TableStyleLight1", ShowRowStripes: &stripes}); err != nil {
			return fmt.Errorf("xlsx: filter on %s: %w", s.name, err)
		}
		if err := s.sw.Flush(); err != nil {
			return fmt.Errorf("xlsx: sheet %s: %w", s.name, err)
		}
	}
	x.f.SetActiveSheet(0)
	if err := x.f.Write(x.w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}
