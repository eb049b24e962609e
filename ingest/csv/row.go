package csv

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// row is the current record of a file with accessors by column name.
type row struct {
	name string // file as given
	base string // file base name, for provenance
	h    *header
	r    *ingest.CSVReader
	rec  []string
	line int
	// stakes numbers the rows of an ownership file that state one stake
	// (parser.stakes).
	stakes map[uint64]int32
}

// get returns the trimmed value of column c ("" if the file lacks it).
func (w *row) get(c string) string {
	i, ok := w.h.col[c]
	if !ok {
		return ""
	}
	return strings.TrimSpace(w.rec[i])
}

// lineOf returns the physical line of column c, or the row's line.
func (w *row) lineOf(c string) int {
	if i, ok := w.h.col[c]; ok {
		if l, _ := w.r.FieldPos(i); l > 0 {
			return l
		}
	}
	return w.line
}

func (w *row) errorf(col, format string, args ...any) *ingest.RowError {
	line := w.line
	if col != "" {
		line = w.lineOf(col)
	}
	return &ingest.RowError{File: w.name, Line: line, Column: col, Record: shorten(w.rec),
		Reason: fmt.Sprintf(format, args...)}
}

// required returns the value of a required column or an error.
func (w *row) required(c string) (string, *ingest.RowError) {
	v := w.get(c)
	if v == "" {
		return "", w.errorf(c, "required value is empty")
	}
	return v, nil
}

func (w *row) provenance() graph.Provenance {
	src := w.get("source")
	if src == "" {
		src = SourceName
	}
	return graph.Provenance{Source: src, Record: w.base + ":" + strconv.Itoa(w.line)}
}

func (w *row) date(c string) (graph.Date, *ingest.RowError) {
	d, err := graph.ParseDate(w.get(c))
	if err != nil {
		return "", w.errorf(c, "%v", err)
	}
	return d, nil
}

// span reads a [from, to) pair of date columns; to must be after from.
func (w *row) span(from, to string) (graph.Span, *ingest.RowError) {
	s, e := w.date(from)
	if e != nil {
		return graph.Span{}, e
	}
	t, e := w.date(to)
	if e != nil {
		return graph.Span{}, e
	}
	if s != "" && t != "" && t <= s {
		return graph.Span{}, w.errorf(to, "%s %s is not after %s %s", to, t, from, s)
	}
	return graph.Span{Start: s, End: t}, nil
}

// list splits a ';'-separated value, trimming parts and dropping empty ones.
func list(v string) []string {
	if v == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(v, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (w *row) entity(b *graph.Batch) *ingest.RowError {
	id, e := w.required("id")
	if e != nil {
		return e
	}
	name, e := w.required("name")
	if e != nil {
		return e
	}
	kv := w.get("kind")
	kind, ok := graph.ParseKind(strings.ToLower(kv))
	if !ok {
		return w.errorf("kind", "unknown kind %q: want person, company, organization, vessel, aircraft or unknown", kv)
	}
	var ids []graph.Identifier
	for _, part := range list(w.get("identifiers")) {
		scheme, value, ok := strings.Cut(part, ":")
		scheme = strings.ToLower(strings.TrimSpace(scheme))
		value = strings.TrimSpace(value)
		if !ok || scheme == "" || value == "" {
			return w.errorf("identifiers", "bad identifier %q: want scheme:value", part)
		}
		ids = append(ids, graph.Identifier{Scheme: scheme, Value: value})
	}
	var facts []graph.Fact
	for _, d := range list(w.get("birth_date")) {
		if !partialDate(d) {
			return w.errorf("birth_date", "bad birth date %q: want YYYY, YYYY-MM or YYYY-MM-DD", d)
		}
		facts = append(facts, graph.Fact{Type: graph.FactBirthDate, Value: d})
	}
	ent := graph.Entity{
		ID:          id,
		Kind:        kind,
		Name:        name,
		Aliases:     list(w.get("aliases")),
		Identifiers: ids,
		Facts:       facts,
		Provenance:  w.provenance(),
	}
	for _, c := range list(w.get("country")) {
		ingest.AddCountry(&ent, c) // ISO codes; another text is kept as a country-name fact
	}
	b.Entities = append(b.Entities, ent)
	return nil
}

// partialDate reports whether s is a date of a year, a month or a day:
// YYYY, YYYY-MM or YYYY-MM-DD, a valid calendar date.
func partialDate(s string) bool {
	for _, layout := range []string{"2006", "2006-01", graph.DateLayout} {
		if len(s) == len(layout) {
			_, err := time.Parse(layout, s)
			return err == nil
		}
	}
	return false
}

func (w *row) designation(b *graph.Batch) *ingest.RowError {
	ent, e := w.required("entity")
	if e != nil {
		return e
	}
	regime, e := w.required("regime")
	if e != nil {
		return e
	}
	sp, e := w.span("listed", "delisted")
	if e != nil {
		return e
	}
	b.Designations = append(b.Designations, graph.Designation{
		Entity:     ent,
		Regime:     graph.Regime(strings.ToLower(regime)),
		Program:    w.get("program"),
		Listed:     sp.Start,
		Delisted:   sp.End,
		Provenance: w.provenance(),
	})
	return nil
}

func (w *row) share(c string) (graph.Range, bool, *ingest.RowError) {
	r, known, err := graph.ParseShare(w.get(c))
	if err != nil {
		return graph.Range{}, false, w.errorf(c, "%v", err)
	}
	return r, known, nil
}

func (w *row) holding(b *graph.Batch) *ingest.RowError {
	owner, e := w.required("owner")
	if e != nil {
		return e
	}
	owned, e := w.required("owned")
	if e != nil {
		return e
	}
	share, _, e := w.share("share")
	if e != nil {
		return e
	}
	votes, known, e := w.share("votes")
	if e != nil {
		return e
	}
	if !known {
		votes = share
	}
	sp, e := w.span("start", "end")
	if e != nil {
		return e
	}
	h := graph.Holding{
		Owner:       owner,
		Owned:       owned,
		Share:       share,
		Votes:       votes,
		Arrangement: w.get("arrangement"),
		Ref:         w.get("record"),
		Span:        sp,
		Provenance:  w.provenance(),
	}
	if h.Ref == "" && w.stakes != nil {
		k := stakeHash(h)
		w.stakes[k]++
		if n := int(w.stakes[k]); n > 1 {
			h.Nth = n // the first keeps Nth 0, the key it always had
		}
	}
	b.Holdings = append(b.Holdings, h)
	return nil
}

// stakeHash hashes what graph.Holding.Key uses besides Nth (FNV-1a, 64
// bits, each string followed by a zero byte), without allocating.
func stakeHash(h graph.Holding) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	x := uint64(offset)
	for _, s := range [...]string{h.Source, h.Owner, h.Owned, h.Arrangement, string(h.Start)} {
		for i := 0; i < len(s); i++ {
			x = (x ^ uint64(s[i])) * prime
		}
		x *= prime // the zero byte: x ^ 0 == x
	}
	return x
}

func (w *row) control(b *graph.Batch) *ingest.RowError {
	ctl, e := w.required("controller")
	if e != nil {
		return e
	}
	ctd, e := w.required("controlled")
	if e != nil {
		return e
	}
	bv, e := w.required("basis")
	if e != nil {
		return e
	}
	basis, ok := graph.ParseBasis(strings.ToLower(bv))
	if !ok {
		return w.errorf("basis", "unknown basis %q: want board-appointment, voting-agreement, "+
			"dominant-influence, de-facto, director, political-office or other", bv)
	}
	sp, e := w.span("start", "end")
	if e != nil {
		return e
	}
	b.Controls = append(b.Controls, graph.Control{
		Controller: ctl,
		Controlled: ctd,
		Basis:      basis,
		Span:       sp,
		Provenance: w.provenance(),
	})
	return nil
}
