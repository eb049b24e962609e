package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// countingReader counts the bytes read from r.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// readAt reads one record and checks it and the line of its first field.
func readAt(t *testing.T, r *CSVReader, want []string, line int) {
	t.Helper()
	rec, err := r.Read()
	if err != nil {
		t.Fatalf("read: %v, want %q at line %d", err, want, line)
	}
	if l, _ := r.FieldPos(0); !reflect.DeepEqual(rec, want) || l != line {
		t.Fatalf("read %q at line %d, want %q at line %d", rec, l, want, line)
	}
}

// wantParseError reads one record and checks that it is a *csv.ParseError
// from line start to line end (-1: any), of err (nil: any).
func wantParseError(t *testing.T, r *CSVReader, start, end int, err error) {
	t.Helper()
	_, got := r.Read()
	var pe *csv.ParseError
	if !errors.As(got, &pe) || pe.StartLine != start || end >= 0 && pe.Line != end || err != nil && !errors.Is(pe.Err, err) {
		t.Fatalf("read: %v, want a parse error from line %d to %d (%v)", got, start, end, err)
	}
}

// TestCSVReaderBoundsARunawayQuote: a quote never closed over 1.2 million
// lines (4.8 MB) is an error once 4 MiB and the buffer are read, not
// after the file; resync goes on at the line after the quote's, and every
// line after it is read with its own number.
func TestCSVReaderBoundsARunawayQuote(t *testing.T) {
	const n = 1_200_000
	in := &countingReader{r: strings.NewReader("a,b\nc,\"d\n" + strings.Repeat("e,f\n", n))}
	r := NewCSVReader(in, 0)
	readAt(t, r, []string{"a", "b"}, 1)
	wantParseError(t, r, 2, -1, ErrRecordTooLong)
	if in.n > MaxRecordBytes+3*csvBuffer {
		t.Errorf("read %d bytes before the error, want at most 4 MiB and the buffers", in.n)
	}
	if moved, err := r.resync(); !moved || err != nil {
		t.Fatalf("resync: %v, %v", moved, err)
	}
	for i := range n {
		readAt(t, r, []string{"e", "f"}, 3+i)
	}
	if _, err := r.Read(); err != io.EOF {
		t.Fatalf("after the last line: %v, want EOF", err)
	}
	if r.Cut() {
		t.Error("a file ending in a line break read as cut")
	}
}

// TestCSVReaderLongLine: one line of 8 MiB without a quote is an error
// too; resync skips the rest of it in the file.
func TestCSVReaderLongLine(t *testing.T) {
	r := NewCSVReader(strings.NewReader("a,b\nx,"+strings.Repeat("y", 8<<20)+"\ne,f\n"), 0)
	readAt(t, r, []string{"a", "b"}, 1)
	wantParseError(t, r, 2, 2, ErrRecordTooLong)
	if moved, err := r.resync(); !moved || err != nil {
		t.Fatalf("resync: %v, %v", moved, err)
	}
	readAt(t, r, []string{"e", "f"}, 3)
}

// TestCSVReaderResyncKeepsOffsetsAndCut: after a byte-order mark and a
// resync, lines, offsets and Cut are the file's; an error on one line
// needs no resync, and a legal multi-line field is one record.
func TestCSVReaderResyncKeepsOffsetsAndCut(t *testing.T) {
	in := "\xEF\xBB\xBFa,b\nc,\"d\ne,f\n\"two\nlines\",g\nh,i\"j\nk,l"
	r := NewCSVReader(strings.NewReader(in), 0)
	readAt(t, r, []string{"a", "b"}, 1)
	if got := r.InputOffset(); got != 3+4 {
		t.Errorf("offset after the header %d, want 7", got)
	}
	wantParseError(t, r, 2, 4, csv.ErrQuote) // the quote of line 2 closes at the one before "two"
	if moved, err := r.resync(); !moved || err != nil {
		t.Fatalf("resync: %v, %v", moved, err)
	}
	readAt(t, r, []string{"e", "f"}, 3)
	readAt(t, r, []string{"two\nlines", "g"}, 4)
	wantParseError(t, r, 6, 6, csv.ErrBareQuote)
	if moved, err := r.resync(); moved || err != nil {
		t.Fatalf("resync after a one-line error: %v, %v; want no move", moved, err)
	}
	readAt(t, r, []string{"k", "l"}, 7)
	if !r.Cut() || r.InputOffset() != int64(len(in)) {
		t.Errorf("cut %v, offset %d; want a cut last line at offset %d", r.Cut(), r.InputOffset(), len(in))
	}
}

// FuzzCSVReaderAgrees: on any input CSVReader, resyncing after every
// error, ends (each record or error moves it on), its lines never go
// back, and on an input that encoding/csv reads without an error it reads
// the same records at the same lines.
func FuzzCSVReaderAgrees(f *testing.F) {
	for _, s := range []string{"a,b\nc,d\n", "a,\"b\nc,d\n", "\"x\ny\",z\n", "a,b\"c\nd\n", "\xEF\xBB\xBFa\r\nb", "a,\"b\"c\nd,\"e\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		type rec struct {
			fields []string
			line   int
		}
		var want []rec
		clean := true
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\xEF\xBB\xBF")))
		cr.FieldsPerRecord = -1
		for {
			r, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				clean = false
				break
			}
			l, _ := cr.FieldPos(0)
			want = append(want, rec{r, l})
		}
		var got []rec
		r := NewCSVReader(strings.NewReader(string(data)), 0)
		last := 0
		for range len(data) + 2 {
			fields, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				var pe *csv.ParseError
				if !errors.As(err, &pe) || pe.StartLine < last || pe.Line < pe.StartLine {
					t.Fatalf("error %v after line %d", err, last)
				}
				last = pe.StartLine
				if _, err := r.resync(); err != nil {
					t.Fatal(err)
				}
				continue
			}
			l, _ := r.FieldPos(0)
			if l <= last && last > 0 {
				t.Fatalf("record %q at line %d after line %d", fields, l, last)
			}
			last = l
			got = append(got, rec{append([]string(nil), fields...), l})
		}
		if clean && !reflect.DeepEqual(got, want) && (len(got) > 0 || len(want) > 0) {
			t.Fatalf("read %v, encoding/csv %v", got, want)
		}
	})
}

// failingReader returns its text, then err for ever.
type failingReader struct {
	text string
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.text == "" {
		return 0, f.err
	}
	n := copy(p, f.text)
	f.text = f.text[n:]
	return n, nil
}

// TestCSVReaderRecover: after a malformed record Recover lets the next
// Read go on; after the file's read error it returns that error, which a
// lenient load must stop on (it would come back on every Read).
func TestCSVReaderRecover(t *testing.T) {
	r := NewCSVReader(strings.NewReader("a,\"b\nc,d\ne\"f,g\nh,i\n"), 0)
	for _, want := range [][]string{nil, {"c", "d"}, nil, {"h", "i"}} {
		rec, err := r.Read()
		if want == nil {
			if err == nil || r.Recover(err) != nil {
				t.Fatalf("read %q, %v: want a malformed record to recover from", rec, err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(rec, want) {
			t.Fatalf("read %q, %v: want %q", rec, err, want)
		}
	}
	boom := errors.New("disk on fire")
	r = NewCSVReader(&failingReader{text: "a,b\nc,", err: boom}, 0)
	readAt(t, r, []string{"a", "b"}, 1)
	_, err := r.Read()
	if !errors.Is(err, boom) || !errors.Is(r.Recover(err), boom) {
		t.Fatalf("read: %v, recover %v; want the read error from both", err, r.Recover(err))
	}
}

// BenchmarkCSVReader reads 300,000 generated ownership rows (14 MB) with
// encoding/csv alone (reader=stdlib) and with CSVReader, which keeps what
// it reads since the record's start (for resync) and counts its line
// breaks: what the bound and the resync cost a load. Run:
//
//	go test ./ingest -run '^$' -bench CSVReader -count 8 > b.txt; benchstat -col /reader b.txt
func BenchmarkCSVReader(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("owner,owned,share,start,source\n")
	for i := range 300_000 {
		fmt.Fprintf(&sb, "gen:%d,gen:%d,%d.%02d,2020-01-%02d,\"bench, \"\"quoted\"\"\"\n", (i*7919)%150_000, i%100_000, i%100, i%100, 1+i%28)
	}
	data := sb.String()
	for _, tc := range []struct {
		name string
		read func(io.Reader) func() ([]string, error)
	}{
		{"stdlib", func(r io.Reader) func() ([]string, error) {
			cr := csv.NewReader(r)
			cr.FieldsPerRecord, cr.ReuseRecord = -1, true
			return cr.Read
		}},
		{"CSVReader", func(r io.Reader) func() ([]string, error) { return NewCSVReader(r, 0).Read }},
	} {
		b.Run("reader="+tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				read := tc.read(strings.NewReader(data))
				n := 0
				for {
					_, err := read()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != 300_001 {
					b.Fatalf("%d records", n)
				}
			}
		})
	}
}
