package report

import (
	"encoding/csv"
	"io"
	"strings"
)

// CSV formula injection (OWASP "CSV Injection"): a spreadsheet opening a
// CSV file runs a cell that starts with =, +, -, @, a tab or a carriage
// return as a formula, so a company name such as =HYPERLINK(...) in a list
// or a counterparty file would become a live link or command in the
// analyst's spreadsheet. Every CSV ownex writes goes through safeCSV,
// which prefixes such a cell with a single quote, so that it shows as the
// text it is.
//
// The choice of cells: every cell is neutralised except those of the
// numeric columns (numericColumns: shares, votes, ranges, look-through
// shares, line numbers, confidences), which ownex formats itself from
// numbers and which never carry text from an input. Status, regime and
// flags are ownex's own words but are neutralised like any text (they
// never start with a trigger, so nothing changes). A cell of a numeric
// column is written as is, so a share range stays readable by programs.

// formulaTriggers are the first characters that make a spreadsheet read a
// cell as a formula.
const formulaTriggers = "=+-@\t\r"

// NeutraliseCell returns s prefixed with ' when it starts with a formula
// trigger, else s.
func NeutraliseCell(s string) string {
	if s != "" && strings.IndexByte(formulaTriggers, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// numericColumns are the columns (after any "<regime>_" prefix) whose
// cells ownex formats from numbers: they are written unchanged.
var numericColumns = map[string]bool{
	"line": true, "confidence": true, "share_min": true, "share_max": true, "votes_min": true,
	"votes_max": true, "share_range": true, "votes_range": true, "lookthrough": true,
}

// isNumericColumn reports whether the column named name holds numbers
// ownex formatted: name itself or its part after a regime prefix.
func isNumericColumn(name string) bool {
	if numericColumns[name] {
		return true
	}
	_, rest, ok := strings.Cut(name, "_")
	return ok && numericColumns[rest]
}

// safeCSV writes CSV rows under a fixed header, neutralising every cell of
// a text column (NeutraliseCell).
type safeCSV struct {
	w       *csv.Writer
	header  []string
	numeric []bool
}

func newSafeCSV(w io.Writer, header []string) *safeCSV {
	numeric := make([]bool, len(header))
	for i, h := range header {
		numeric[i] = isNumericColumn(h)
	}
	return &safeCSV{w: csv.NewWriter(w), header: header, numeric: numeric}
}

// WriteHeader writes the header row.
func (s *safeCSV) WriteHeader() error { return s.w.Write(s.header) }

// Write writes one row, neutralising the cells of text columns. A cell
// past the header's columns counts as text.
func (s *safeCSV) Write(row []string) error {
	out := make([]string, len(row))
	for i, c := range row {
		if i < len(s.numeric) && s.numeric[i] {
			out[i] = c
			continue
		}
		out[i] = NeutraliseCell(c)
	}
	return s.w.Write(out)
}

// Flush flushes the csv.Writer and returns its error.
func (s *safeCSV) Flush() error {
	s.w.Flush()
	return s.w.Error()
}
