package ingest

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// TestTextReader: valid UTF-8 passes unchanged even when read one byte at
// a time (sequences split across reads); each invalid byte becomes U+FFFD.
func TestTextReader(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Łódź „x“ 日本\n", "Łódź „x“ 日本\n"},
		{"a\xffb\n", "a\uFFFDb\n"},
		{"\xe6\x97", "\uFFFD\uFFFD"},             // a cut sequence at the end
		{"\xc3\x28", "\uFFFD("},                  // a bad continuation
		{"x\xed\xa0\x80", "x\uFFFD\uFFFD\uFFFD"}, // a surrogate
	} {
		got, err := io.ReadAll(NewTextReader(iotest.OneByteReader(strings.NewReader(c.in))))
		if err != nil || string(got) != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// TestCheckUTF8Lines: one report per bad line, with its line and column.
func TestCheckUTF8Lines(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.csv")
	if err := os.WriteFile(p, []byte("ok\nab\xff\xfe\nfine ü\n\xe9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad, err := CheckUTF8([]string{p}, false)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range bad {
		got = append(got, strings.TrimPrefix(b.Error(), p))
	}
	want := []string{
		":2: text is not UTF-8: byte 0xFF at column 3 (2 invalid byte(s) on the line)",
		":4: text is not UTF-8: byte 0xE9 at column 1 (1 invalid byte(s) on the line)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if first, _ := CheckUTF8([]string{p}, true); len(first) != 1 {
		t.Errorf("stopAtFirst: %d reports", len(first))
	}
}
