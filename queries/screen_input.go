package queries

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// ErrScreenInput is wrapped by every error about a counterparties file
// that cannot be read at all (no header, no name column, broken CSV).
// Problems of one row never stop a screening: they go to the row's
// Problems.
var ErrScreenInput = errors.New("bad counterparties file")

// ReadCounterparties reads a counterparties CSV (UTF-8, header row,
// separated by commas, or by semicolons or tabs when the header says so:
// separator): columns name (required), country, identifiers
// ("scheme:value;scheme:value", as in the generic entities CSV), dob (or
// birth_date: a date of birth, YYYY-MM-DD or YYYY; a person's, used as
// evidence), date (YYYY-MM-DD, e.g. a payment's: the row is screened as of
// it; a date that is not one stops the reading with an error naming the
// line, as a broken file does) and ref (the client's own reference; empty:
// "line N"). Other
// columns are ignored; header names are case-insensitive. file names the
// input in errors. Text that is not UTF-8 (a file saved as Windows-1252
// or UTF-16) stops the reading with an error naming its line and column:
// a name read with its bytes replaced would be screened as another name.
// A workbook (.xlsx, .xls) is refused by its first bytes. A last row with
// no line break after it is screened with a problem (cutProblem).
func ReadCounterparties(r io.Reader, file string) iter.Seq2[Counterparty, error] {
	return func(yield func(Counterparty, error) bool) {
		br := bufio.NewReaderSize(r, sniffSize)
		if magic, _ := br.Peek(8); ingest.Binary(magic) != "" {
			yield(Counterparty{}, fmt.Errorf("%w %s: the file is %s, not CSV; save it as CSV UTF-8", ErrScreenInput, file, ingest.Binary(magic)))
			return
		}
		cr := ingest.NewCSVReader(br, separator(br))
		head, err := cr.Read()
		if err != nil {
			yield(Counterparty{}, bookCSVError(file, "header: ", err))
			return
		}
		if err := checkUTF8(cr, head, nil, nil); err != nil {
			yield(Counterparty{}, fmt.Errorf("%w %s: %v", ErrScreenInput, file, err))
			return
		}
		head = slices.Clone(head) // the reader reuses its record
		col := map[string]int{}
		for i, h := range head {
			h = headerName(h)
			if _, dup := col[h]; !dup {
				col[h] = i
			}
		}
		if _, ok := col["name"]; !ok {
			yield(Counterparty{}, fmt.Errorf("%w %s: line 1: no name column (want name, and optionally country, identifiers, dob, ref; separated by commas, semicolons or tabs)", ErrScreenInput, file))
			return
		}
		var used []int // the columns read; text in the others is not checked
		for _, name := range counterpartyColumns {
			if i, ok := col[name]; ok {
				used = append(used, i)
			}
		}
		dob := ""
		if _, ok := col["dob"]; ok {
			dob = "dob"
		}
		get := func(rec []string, name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(Counterparty{}, bookCSVError(file, "", err))
				return
			}
			if err := checkUTF8(cr, rec, head, used); err != nil {
				yield(Counterparty{}, fmt.Errorf("%w %s: %v", ErrScreenInput, file, err))
				return
			}
			line, _ := cr.FieldPos(0)
			c := Counterparty{Line: line, Ref: get(rec, "ref"), Name: get(rec, "name"), Country: get(rec, "country")}
			if c.Ref == "" {
				c.Ref = fmt.Sprintf("line %d", line)
			}
			if c.Name == "" {
				c.Problems = append(c.Problems, "empty name")
			}
			if cr.Cut() {
				c.Problems = append(c.Problems, cutProblem)
			}
			c.Identifiers, c.Problems = parseIdentifiers(get(rec, "identifiers"), c.Problems)
			if dob == "" {
				dob = "birth_date"
			}
			if c.BirthDate = get(rec, dob); c.BirthDate != "" {
				if _, ok := birthDate(c.BirthDate); !ok {
					c.Problems = append(c.Problems, fmt.Sprintf("dob %q: want YYYY-MM-DD or YYYY; not used", c.BirthDate))
				}
			}
			if d := get(rec, "date"); d != "" {
				if c.Date, err = graph.ParseDate(d); err != nil {
					yield(Counterparty{}, fmt.Errorf("%w %s: line %d: date %q: want YYYY-MM-DD", ErrScreenInput, file, line, d))
					return
				}
			}
			if !yield(c, nil) {
				return
			}
		}
	}
}

// bookCSVError is the error of a book that encoding/csv cannot read:
// an empty file, or a malformed record at its line (ingest.CSVError: a
// quote never closed is named at the line it opens on); what precedes
// the reason ("header: ").
func bookCSVError(file, what string, err error) error {
	if err == io.EOF {
		return fmt.Errorf("%w %s: %sempty file", ErrScreenInput, file, what)
	}
	e := ingest.CSVError(file, err)
	if e.Line > 0 {
		return fmt.Errorf("%w %s: line %d: %s", ErrScreenInput, file, e.Line, e.Reason)
	}
	return fmt.Errorf("%w %s: %s%s", ErrScreenInput, file, what, e.Reason)
}

// sniffSize is how much of a book is looked at for its separator: the
// header line, unless it is longer.
const sniffSize = 64 << 10

// separator returns the field separator of the book br reads: the first
// of comma, semicolon (what Excel writes for "CSV" where the comma is the
// decimal mark) and tab with which the header line has a name column;
// a comma when none has.
func separator(br *bufio.Reader) rune {
	head, _ := br.Peek(sniffSize)
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i+1]
	}
	for _, sep := range []rune{',', ';', '\t'} {
		cr := csv.NewReader(bytes.NewReader(head))
		cr.Comma, cr.FieldsPerRecord = sep, -1
		rec, err := cr.Read()
		if err == nil && slices.ContainsFunc(rec, func(h string) bool { return headerName(h) == "name" }) {
			return sep
		}
	}
	return ','
}

// headerName is a header cell as a column name: trimmed, lower case,
// without a byte-order mark.
func headerName(h string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
}

// cutProblem is the problem of a book's last row when no line break ends
// it: the file may have been cut short in that row (ingest.CSVReader.Cut).
// The row is screened as it reads; the problem says to check it.
const cutProblem = "the file ends in this row without a line break: it may have been cut short; check the row against the original"

// counterpartyColumns are the columns ReadCounterparties reads.
var counterpartyColumns = []string{"name", "country", "identifiers", "dob", "birth_date", "date", "ref"}

// checkUTF8 returns an error naming the line, the field and the byte of
// the first text of rec (the record cr read last) that is not UTF-8, or
// nil: among the fields at the positions cols, or every field when cols is
// nil. head is the header (nil while rec is the header).
func checkUTF8(cr *ingest.CSVReader, rec, head []string, cols []int) error {
	if cols == nil {
		cols = make([]int, len(rec))
		for i := range cols {
			cols[i] = i
		}
	}
	for _, i := range cols {
		if i >= len(rec) || utf8.ValidString(rec[i]) {
			continue
		}
		f := rec[i]
		at := 0 // the first bad byte: f is not valid, so the loop stops on one
		for {
			r, n := utf8.DecodeRuneInString(f[at:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			at += n
		}
		line, _ := cr.FieldPos(i)
		field := fmt.Sprintf("field %d", i+1)
		if i < len(head) {
			if h := strings.TrimSpace(strings.TrimPrefix(head[i], "\ufeff")); h != "" {
				field = fmt.Sprintf("field %d (%s)", i+1, h)
			}
		}
		hint := "save the file as UTF-8 (in Excel: CSV UTF-8)"
		if head == nil && i == 0 && (strings.HasPrefix(f, "\xff\xfe") || strings.HasPrefix(f, "\xfe\xff")) {
			hint = "the file is UTF-16; " + hint
		}
		return fmt.Errorf("line %d, %s: text is not UTF-8 (byte 0x%02X at byte %d of the field); %s", line, field, f[at], at+1, hint)
	}
	return nil
}

// parseIdentifiers reads "scheme:value;scheme:value"; a part without a
// scheme is reported as a problem and left out.
func parseIdentifiers(s string, problems []string) ([]graph.Identifier, []string) {
	var out []graph.Identifier
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		scheme, value, ok := strings.Cut(part, ":")
		scheme, value = strings.ToLower(strings.TrimSpace(scheme)), strings.TrimSpace(value)
		if !ok || scheme == "" || value == "" {
			problems = append(problems, fmt.Sprintf("identifier %q: want scheme:value", part))
			continue
		}
		out = append(out, graph.Identifier{Scheme: scheme, Value: value})
	}
	return out, problems
}

// birthDate checks the dob column's value: a date YYYY-MM-DD (a real
// one) or a year YYYY, from 1800 on; ok is false for anything else.
func birthDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	switch len(s) {
	case 4:
		if y, err := strconv.Atoi(s); err == nil && y >= 1800 {
			return s, true
		}
	case 10:
		if t, err := time.Parse(time.DateOnly, s); err == nil && t.Year() >= 1800 {
			return s, true
		}
	}
	return "", false
}

// CheckCounterparties reads a whole screening input as ReadCounterparties
// does and returns its first error (wrapping ErrScreenInput), so that an
// upload is refused before any analysis starts.
func CheckCounterparties(body []byte, file string) error {
	_, err := ScanCounterparties(bytes.NewReader(body), file)
	return err
}

// CounterpartyScan summarises a screening input: its rows and the
// distinct dates of its date column.
type CounterpartyScan struct {
	Rows int
	// Dates are the distinct values of the date column, sorted; empty
	// when no row has a date.
	Dates []graph.Date
}

// ScanCounterparties reads a whole screening input as ReadCounterparties
// does and returns its summary, or its first error (wrapping
// ErrScreenInput).
func ScanCounterparties(r io.Reader, file string) (CounterpartyScan, error) {
	var out CounterpartyScan
	seen := map[graph.Date]bool{}
	for c, err := range ReadCounterparties(r, file) {
		if err != nil {
			return out, err
		}
		out.Rows++
		if c.Date != "" && !seen[c.Date] {
			seen[c.Date] = true
			out.Dates = append(out.Dates, c.Date)
		}
	}
	slices.Sort(out.Dates)
	return out, nil
}
