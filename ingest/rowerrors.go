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
// "malformed XML: " and the error otherwise.
func XMLError(name string, d *xml.Decoder, err error) *RowError {
	line, _ := d.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return &RowError{File: name, Line: line, Reason: "malformed XML: unexpected end of file"}
	}
	return &RowError{File: name, Line: line, Reason: "malformed XML: " + err.Error()}
}

// CSVError turns an encoding/csv reader error into a *RowError of file
// name: a *csv.ParseError gives its line and the reason "malformed CSV: "
// followed by the error and its column; any other error gives its text.
func CSVError(name string, err error) *RowError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &RowError{File: name, Line: pe.Line, Reason: "malformed CSV: " + pe.Err.Error() +
			" (column " + strconv.Itoa(pe.Column) + ")"}
	}
	return &RowError{File: name, Reason: err.Error()}
}

// Shorten cuts s, the raw text of a record, for RowError.Record: at most
// 200 bytes, followed by "…" when cut.
func Shorten(s string) string {
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
