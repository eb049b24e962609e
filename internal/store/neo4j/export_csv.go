package neo4j

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// The CSV encoding of the files ImportWriter writes (export.go).

type csvFile struct {
	f         *os.File
	w         *bufio.Writer
	multiline bool
}

// field is one CSV field: null (no property), a string (always quoted),
// an integer, a float, a boolean or a string array.
type field struct {
	kind byte // 0 null, 's' string, 'i' int, 'f' float, 'b' bool, 'a' array
	s    string
	i    int64
	f    float64
	a    []string
}

// fStr is a string field.
func fStr(s string) field { return field{kind: 's', s: s} }

// fOpt is a string that is null when empty (load.go, nullable).
func fOpt(s string) field {
	if s == "" {
		return field{}
	}
	return fStr(s)
}

func fInt(i int64) field       { return field{kind: 'i', i: i} }
func fFloat(f float64) field   { return field{kind: 'f', f: f} }
func fArray(xs []string) field { return field{kind: 'a', a: xs} }
func fNull() field             { return field{} }

func fBool(b bool) field {
	if b {
		return field{kind: 'b', i: 1}
	}
	return field{kind: 'b'}
}

// row writes one CSV line to file name.
func (w *ImportWriter) row(name string, fields ...field) {
	if w.err != nil {
		return
	}
	cf := w.files[name]
	bw := cf.w
	for i, fd := range fields {
		if i > 0 {
			bw.WriteByte(',')
		}
		switch fd.kind {
		case 0:
		case 's':
			w.quoted(cf, fd.s)
		case 'i':
			bw.WriteString(strconv.FormatInt(fd.i, 10))
		case 'f':
			bw.WriteString(strconv.FormatFloat(fd.f, 'g', -1, 64))
		case 'b':
			if fd.i != 0 {
				bw.WriteString("true")
			} else {
				bw.WriteString("false")
			}
		case 'a':
			for _, x := range fd.a {
				if strings.ContainsRune(x, arrayDelimiter) {
					w.err = fmt.Errorf("neo4j import: %s: the list value %q holds U+001E, the array delimiter", name, x)
					return
				}
			}
			w.quoted(cf, strings.Join(fd.a, string(arrayDelimiter)))
		}
	}
	if err := bw.WriteByte('\n'); err != nil {
		w.err = fmt.Errorf("neo4j import: write %s: %w", name, err)
	}
}

// quoted writes s between double quotes, doubling inner quotes (RFC 4180,
// neo4j-admin's default), and notes line breaks.
func (w *ImportWriter) quoted(cf *csvFile, s string) {
	bw := cf.w
	bw.WriteByte('"')
	if !cf.multiline && strings.ContainsAny(s, "\n\r") {
		cf.multiline = true
	}
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			bw.WriteString(s)
			break
		}
		bw.WriteString(s[:i+1])
		bw.WriteByte('"')
		s = s[i+1:]
	}
	bw.WriteByte('"')
}

// emptyNull is a list field; an empty list is written as null and set to
// [] by finish.cypher (fixArraysLabel).
func emptyNull(xs []string) field {
	if len(xs) == 0 {
		return fNull()
	}
	return fArray(xs)
}
