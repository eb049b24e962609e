package ingest_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

func TestClean(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", "a\u00a0b", "a\u2003 b",
		"ÄÖ", "  x  y  ", "a\vb", "a\fb", "a\rb", "a b c", "\u0085a"} {
		want := strings.Join(strings.Fields(s), " ")
		if got := ingest.Clean(s); got != want {
			t.Errorf("Clean(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"a b", " a\u00a0b ", "x\ty"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := ingest.Clean(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("Clean(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestTextHelpers(t *testing.T) {
	if got := ingest.JoinNonEmpty(", ", " a ", "", "  ", "b  c"); got != "a, b c" {
		t.Errorf("JoinNonEmpty = %q", got)
	}
	for s, want := range map[string]bool{"": false, "0": true, "0123": true, "12a": false, "١": false, " 1": false} {
		if got := ingest.AllDigits(s); got != want {
			t.Errorf("AllDigits(%q) = %v", s, got)
		}
	}
	if got := ingest.AppendNew([]string{"a"}, "b", "a", "", "b", "c"); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("AppendNew = %q", got)
	}
	var fs []graph.Fact
	fs = ingest.AddFact(fs, "remark", " x  y ")
	fs = ingest.AddFact(fs, "remark", "x y")
	fs = ingest.AddFact(fs, "remark", " ")
	fs = ingest.AddFact(fs, "", "z")
	fs = ingest.AddFact(fs, "title", "x y")
	if want := []graph.Fact{{Type: "remark", Value: "x y"}, {Type: "title", Value: "x y"}}; !reflect.DeepEqual(fs, want) {
		t.Errorf("AddFact = %v", fs)
	}
}
