package ingest

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// Binary files given as text. Every format is text (CSV, JSON, XML); a
// workbook or a compressed file given instead would be read as text that
// is not UTF-8, and reported as such. Its first bytes tell what it is, so
// the error can say what to do.

// Binary names the kind of binary file whose first bytes are magic
// (Excel workbooks, ZIP and gzip archives), or returns "".
func Binary(magic []byte) string {
	switch {
	case bytes.HasPrefix(magic, []byte("PK\x03\x04")):
		return "a ZIP archive (an .xlsx workbook?)"
	case bytes.HasPrefix(magic, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return "an OLE compound file (an .xls workbook?)"
	case bytes.HasPrefix(magic, []byte("\x1f\x8b")):
		return "a gzip file"
	}
	return ""
}

// CheckNotBinary returns a *RowError (bad input: exit status 2) at line 1
// of the first of files that Binary recognises, saying what it is: in
// lenient mode too, as no record of it could be read.
func CheckNotBinary(files []string) error {
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		magic := make([]byte, 8)
		n, err := io.ReadFull(f, magic)
		f.Close()
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return fmt.Errorf("%s: %w", name, err)
		}
		if what := Binary(magic[:n]); what != "" {
			return &RowError{File: name, Line: 1, Reason: "the file is " + what + ", not text: " +
				"export or decompress it to the format's text file (CSV as CSV UTF-8)"}
		}
	}
	return nil
}
