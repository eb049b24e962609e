package ingest

import (
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
)

// XMLError turns an encoding/xml decoder error into a *RowError of file
// name, at the line of a syntax error or else at the decoder's line; the
// reason is "malformed XML: unexpected end of file" for a truncated input,
// "malformed XML: " and the error otherwise. Nothing after a syntax error
// can be read: the error is marked Rest.
func XMLError(name string, d *xml.Decoder, err error) *RowError {
	line, _ := d.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return &RowError{File: name, Line: line, Reason: "malformed XML: unexpected end of file", Rest: true}
	}
	return &RowError{File: name, Line: line, Reason: "malformed XML: " + err.Error(), Rest: true}
}

// CSVError turns an encoding/csv reader error into a *RowError of file
// name: a *csv.ParseError gives its line and the reason "malformed CSV: "
// followed by the error and its column; any other error gives its text.
// A record that fails across lines (CSVReader) is reported at the line
// it starts on, where a quote is most likely missing, with the line
// where the error showed.
func CSVError(name string, err error) *RowError {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &RowError{File: name, Reason: err.Error()}
	}
	if errors.Is(pe.Err, ErrRecordTooLong) {
		if pe.StartLine == pe.Line {
			return &RowError{File: name, Line: pe.StartLine, Reason: "malformed CSV: this line is longer than 4 MiB: " +
				"no record of a list or register is that long; the file is most likely damaged"}
		}
		return &RowError{File: name, Line: pe.StartLine, Reason: "malformed CSV: the record that starts on this line is longer than 4 MiB " +
			"(read to line " + strconv.Itoa(pe.Line) + "): a quote that opens a field on this line is most likely never closed"}
	}
	if pe.StartLine > 0 && pe.StartLine < pe.Line {
		return &RowError{File: name, Line: pe.StartLine, Reason: "malformed CSV: the record that starts on this line runs on to line " +
			strconv.Itoa(pe.Line) + ", where: " + pe.Err.Error() + " (column " + strconv.Itoa(pe.Column) + "); " +
			"a quote that opens a field on this line is most likely never closed"}
	}
	return &RowError{File: name, Line: pe.Line, Reason: "malformed CSV: " + pe.Err.Error() +
		" (column " + strconv.Itoa(pe.Column) + ")"}
}

// Shorten cuts s, the raw text of a record, for RowError.Record: at most
// 200 bytes, followed by "…" when cut.
func Shorten(s string) string {
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
