package ofac

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ownex/ownex/ingest"
)

// row is one record of a file: its physical line, its ent_num and its
// fields with nulls replaced by "" and white space trimmed (except the
// remarks, the last field of SDN and COMMENTS rows: kept as published).
type row struct {
	line int
	ent  int
	f    []string
}

// reader reads the files of one parse; bad handles a bad record.
type reader struct {
	bad func(*ingest.RowError) error
}

// clean prepares raw file bytes: no byte order mark, no trailing Ctrl-Z
// (nor the line ends around it), UTF-8.
func clean(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	data = bytes.TrimRight(data, "\x1a\r\n")
	if utf8.Valid(data) {
		return data
	}
	// Latin-1: every byte is the code point of the same value.
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		b.WriteRune(rune(c))
	}
	return []byte(b.String())
}

// null turns an OFAC null into "" and trims the rest.
func null(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" {
		return ""
	}
	return s
}

// table reads every record of file name with role r.
func (rd *reader) table(name string, data []byte, r role) ([]row, error) {
	data = clean(data)
	cr := ingest.NewCSVReader(bytes.NewReader(data), 0)
	if r == roleComments {
		cr.LazyQuotes()
	}
	var rows []row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			e := csvError(name, data, err)
			if perr := rd.bad(e); perr != nil {
				return nil, perr
			}
			// A record that failed across lines (a quote never closed)
			// is skipped from the line after its first: the records it
			// swallowed are read (ingest.CSVReader).
			if rerr := cr.Recover(err); rerr != nil {
				return nil, csvError(name, data, rerr)
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		rw, e := record(name, line, rec, r)
		if e != nil {
			if perr := rd.bad(e); perr != nil {
				return nil, perr
			}
			continue
		}
		rows = append(rows, rw)
	}
	truncatedNull(rows)
	return rows, nil
}

// truncatedNull reads a final "-0" (a null cut short at the end of the
// file, as in OFAC's 2019 ADD.CSV) as null.
func truncatedNull(rows []row) {
	if len(rows) == 0 {
		return
	}
	f := rows[len(rows)-1].f
	if strings.TrimSpace(f[len(f)-1]) == "-0" {
		f[len(f)-1] = ""
	}
}

// record checks one CSV record and converts it into a row.
func record(name string, line int, rec []string, r role) (row, *ingest.RowError) {
	ent := strings.TrimSpace(rec[0])
	if len(rec) != fields[r] {
		return row{}, &ingest.RowError{File: name, Line: line, Record: shorten(ent),
			Reason: fmt.Sprintf("record has %d fields, want %d", len(rec), fields[r])}
	}
	n, err := strconv.ParseUint(ent, 10, 31)
	if err != nil || n == 0 {
		return row{}, &ingest.RowError{File: name, Line: line, Column: "ent_num", Record: shorten(ent),
			Reason: fmt.Sprintf("ent_num %q is not a positive integer", shorten(ent))}
	}
	rw := row{line: line, ent: int(n), f: make([]string, len(rec))}
	for i, v := range rec {
		if i == len(rec)-1 && (r == rolePrimary || r == roleComments) && null(v) != "" {
			rw.f[i] = v // remarks: kept raw for the mid-token join
			continue
		}
		rw.f[i] = null(v)
	}
	return rw, nil
}

// csvError converts an encoding/csv error into a *RowError.
func csvError(name string, data []byte, err error) *ingest.RowError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		e := ingest.CSVError(name, err) // at the line the record starts on
		e.Record = firstField(data, pe.StartLine)
		return e
	}
	return &ingest.RowError{File: name, Reason: err.Error()}
}

// firstField returns the text before the first comma of line n (1-based)
// of data: the ent_num of a record that could not be read.
func firstField(data []byte, n int) string {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(data, '\n')
		if j < 0 {
			return ""
		}
		data = data[j+1:]
	}
	if j := bytes.IndexByte(data, '\n'); j >= 0 {
		data = data[:j]
	}
	if j := bytes.IndexByte(data, ','); j >= 0 {
		data = data[:j]
	}
	return shorten(strings.TrimSpace(string(data)))
}

// shorten cuts s to at most 60 bytes for error messages.
func shorten(s string) string {
	if len(s) <= 60 {
		return s
	}
	n := 60
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
