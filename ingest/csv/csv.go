package csv

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// SourceName is the format name and the default provenance source.
const SourceName = "csv"

// New returns the generic CSV source.
func New() ingest.Source { return source{} }

type source struct{}

func (source) Name() string { return SourceName }

// Kind is the kind of a generic CSV file, detected from its header.
type Kind int

// File kinds, in the order they are read.
const (
	KindUnknown Kind = iota
	KindEntities
	KindDesignations
	KindOwnership
	KindControl
)

func (k Kind) String() string {
	switch k {
	case KindEntities:
		return "entities"
	case KindDesignations:
		return "designations"
	case KindOwnership:
		return "ownership"
	case KindControl:
		return "control"
	}
	return "unknown"
}

// kindSpec lists the columns a kind requires and those it reads.
type kindSpec struct {
	kind     Kind
	required []string
	optional []string
}

var specs = []kindSpec{
	{KindEntities, []string{"id", "name"}, []string{"kind", "country", "identifiers", "aliases", "birth_date", "source"}},
	{KindDesignations, []string{"entity", "regime"}, []string{"program", "listed", "delisted", "source"}},
	{KindOwnership, []string{"owner", "owned"}, []string{"share", "votes", "arrangement", "start", "end", "source", "record"}},
	{KindControl, []string{"controller", "controlled", "basis"}, []string{"start", "end", "source"}},
}

const wantHeaders = "want the columns id,name (entities), owner,owned (ownership), " +
	"controller,controlled,basis (control) or entity,regime (designations)"

// Parse implements ingest.Source.
func (s source) Parse(ctx context.Context, files []string, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	type input struct {
		name string
		kind Kind
	}
	inputs := make([]input, 0, len(files))
	for _, name := range files {
		k, err := detectFile(name)
		if err != nil {
			return err
		}
		inputs = append(inputs, input{name, k})
	}
	sort.SliceStable(inputs, func(i, j int) bool {
		a, b := inputs[i], inputs[j]
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		if ba, bb := filepath.Base(a.name), filepath.Base(b.name); ba != bb {
			return ba < bb
		}
		return a.name < b.name
	})
	names := make([]string, len(inputs))
	for i, in := range inputs {
		names[i] = in.name
	}
	p := newParser(ctx, opt, emit)
	if err := ingest.EachFile(ctx, names, p.parse); err != nil {
		return err
	}
	return p.Flush()
}

// detectFile reads the header of one file and returns its kind.
func detectFile(name string) (Kind, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	h, err := readHeader(name, newReader(ingest.NewTextReader(f)))
	if err != nil {
		return 0, err
	}
	return h.kind, nil
}

// header maps a file's columns.
type header struct {
	kind  Kind
	names []string       // trimmed, lower-case header names
	col   map[string]int // known column name -> index
}

// newReader returns the CSV reader of one file (ingest.CSVReader: a
// byte-order mark skipped, Cut, records bounded, Recover).
func newReader(r io.Reader) *ingest.CSVReader { return ingest.NewCSVReader(r, 0) }

func readHeader(name string, r *ingest.CSVReader) (*header, error) {
	rec, err := r.Read()
	if err == io.EOF {
		return nil, &ingest.RowError{File: name, Line: 1, Reason: "empty file: no header row"}
	}
	if err != nil {
		return nil, ingest.CSVError(name, err)
	}
	h := &header{names: make([]string, len(rec)), col: make(map[string]int, len(rec))}
	for i, n := range rec {
		n = strings.ToLower(strings.TrimSpace(n))
		h.names[i] = n
	}
	var matched []Kind
	var spec kindSpec
	for _, sp := range specs {
		if h.hasAll(sp.required) {
			matched = append(matched, sp.kind)
			spec = sp
		}
	}
	switch len(matched) {
	case 0:
		return nil, &ingest.RowError{File: name, Line: 1, Record: shorten(rec),
			Reason: fmt.Sprintf("header matches no known file kind: %s", wantHeaders)}
	case 1:
	default:
		kinds := make([]string, len(matched))
		for i, k := range matched {
			kinds[i] = k.String()
		}
		return nil, &ingest.RowError{File: name, Line: 1, Record: shorten(rec),
			Reason: "header matches several file kinds (" + strings.Join(kinds, ", ") + "); split the file"}
	}
	h.kind = spec.kind
	for _, list := range [][]string{spec.required, spec.optional} {
		for _, c := range list {
			for i, n := range h.names {
				if n != c {
					continue
				}
				if _, dup := h.col[c]; dup {
					return nil, &ingest.RowError{File: name, Line: 1, Column: c, Record: shorten(rec),
						Reason: "column appears more than once in the header"}
				}
				h.col[c] = i
			}
		}
	}
	return h, nil
}

func (h *header) hasAll(cols []string) bool {
	for _, c := range cols {
		found := false
		for _, n := range h.names {
			if n == c {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// parser turns rows into batched records.
type parser struct {
	*ingest.Batcher
	ids ingest.IDLines // entity ids of the current file
	// stakes counts, per hash of a holding's source, ends, arrangement and
	// start, the rows of the current ownership file that state it, for
	// graph.Holding.Nth. A collision only numbers a row 2 instead of 1:
	// its key stays the same on every load of the file.
	stakes map[uint64]int32
}

func newParser(ctx context.Context, opt ingest.ParseOptions, emit func(*graph.Batch) error) *parser {
	return &parser{Batcher: ingest.NewBatcher(ctx, opt, emit)}
}

// parse reads one file.
func (p *parser) parse(name string, rd io.Reader) error {
	r := newReader(rd)
	h, err := readHeader(name, r)
	if err != nil {
		return err
	}
	rw := &row{name: name, base: filepath.Base(name), h: h, r: r}
	if h.kind == KindOwnership {
		p.stakes = map[uint64]int32{}
		rw.stakes = p.stakes
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			e := ingest.CSVError(name, err)
			if perr := p.Bad(e); perr != nil {
				return perr
			}
			// Lenient: a record that failed across lines (a quote never
			// closed) is skipped from the line after its first, not to
			// where encoding/csv noticed (ingest.CSVReader.Recover).
			if rerr := r.Recover(err); rerr != nil {
				return ingest.CSVError(name, rerr)
			}
			continue
		}
		if err := p.Tick(1024); err != nil {
			return err
		}
		rw.rec = rec
		line, _ := r.FieldPos(0)
		rw.line = line
		if r.Cut() {
			// A download cut short ends in the middle of a line, and what
			// is left of its last field may still read as a value ("2"
			// of "25"): a last line without its line break is refused.
			e := rw.errorf("", "the file ends in this row, without a line break: it may have been cut short (a truncated download or copy); if the file is whole, end it with a line break")
			if perr := p.Bad(e); perr != nil {
				return perr
			}
			continue
		}
		if len(rec) != len(h.names) {
			e := rw.errorf("", "row has %d fields, the header has %d", len(rec), len(h.names))
			if perr := p.Bad(e); perr != nil {
				return perr
			}
			continue
		}
		var e *ingest.RowError
		switch h.kind {
		case KindEntities:
			if id := rw.get("id"); id != "" {
				e = p.ids.Seen(name, "id", id, rw.lineOf("id"))
			}
			if e == nil {
				e = rw.entity(p.Batch())
			}
		case KindDesignations:
			e = rw.designation(p.Batch())
		case KindOwnership:
			e = rw.holding(p.Batch())
		case KindControl:
			e = rw.control(p.Batch())
		}
		if e != nil {
			if perr := p.Bad(e); perr != nil {
				return perr
			}
			continue
		}
		if err := p.Add(); err != nil {
			return err
		}
	}
}

// shorten joins a record for error messages, at most 200 bytes.
func shorten(rec []string) string { return ingest.Shorten(strings.Join(rec, ",")) }
