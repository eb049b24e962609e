package gleif

import (
	"bufio"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// SourceName is the format name and the provenance source.
const SourceName = "gleif"

// Namespaces of the three Golden Copy XML files.
const (
	NSLEI   = "http://www.gleif.org/data/schema/leidata/2016"
	NSRR    = "http://www.gleif.org/data/schema/rr/2016"
	NSRepex = "http://www.gleif.org/data/schema/repex/2016"
)

// FileKind is the kind of a Golden Copy file, detected from its root.
type FileKind int

// File kinds, in the order they are read.
const (
	KindUnknown FileKind = iota
	KindRepex            // reporting exceptions (repex:ReportingExceptionData)
	KindLEI              // LEI-CDF level 1 (lei:LEIData)
	KindRR               // RR-CDF level 2 (rr:RelationshipData)
)

func (k FileKind) String() string {
	switch k {
	case KindRepex:
		return "repex"
	case KindLEI:
		return "lei"
	case KindRR:
		return "rr"
	}
	return "unknown"
}

// roots maps a root element to its kind; the namespace must match when
// the file declares one.
var roots = map[string]struct {
	kind   FileKind
	ns     string
	record string
}{
	"LEIData":                {KindLEI, NSLEI, "LEIRecord"},
	"RelationshipData":       {KindRR, NSRR, "RelationshipRecord"},
	"ReportingExceptionData": {KindRepex, NSRepex, "Exception"},
}

// New returns the GLEIF Golden Copy source.
func New() ingest.Source { return source{} }

type source struct{}

func (source) Name() string { return SourceName }

// Parse implements ingest.Source: reporting-exception files first, then
// level 1, then level 2, each group in the order given.
func (s source) Parse(ctx context.Context, files []string, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	return s.parseWith(ctx, newParser(ctx, opt, emit), files)
}

func (source) parseWith(ctx context.Context, p *parser, files []string) error {
	type input struct {
		name string
		kind FileKind
	}
	inputs := make([]input, 0, len(files))
	for _, name := range files {
		k, err := detectFile(name)
		if err != nil {
			return err
		}
		inputs = append(inputs, input{name, k})
	}
	sort.SliceStable(inputs, func(i, j int) bool { return inputs[i].kind < inputs[j].kind })
	names := make([]string, len(inputs))
	for i, in := range inputs {
		names[i] = in.name
	}
	if err := ingest.EachFile(ctx, names, p.parse); err != nil {
		return err
	}
	return p.finish()
}

func newDecoder(r io.Reader) *xml.Decoder {
	return xml.NewDecoder(bufio.NewReaderSize(r, 64<<10))
}

// detectFile reads the root element of a file.
func detectFile(name string) (FileKind, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	d := newDecoder(ingest.NewTextReader(f))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return 0, &ingest.RowError{File: name, Reason: "empty file: no root element"}
		}
		if err != nil {
			return 0, ingest.XMLError(name, d, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			k, rerr := rootKind(se)
			if rerr != nil {
				rerr.File = name
				rerr.Line, _ = d.InputPos()
				return 0, rerr
			}
			return k, nil
		}
	}
}

func rootKind(se xml.StartElement) (FileKind, *ingest.RowError) {
	r, ok := roots[se.Name.Local]
	if !ok {
		return 0, &ingest.RowError{Reason: fmt.Sprintf("root element is <%s>: want lei:LEIData (LEI-CDF), rr:RelationshipData (RR-CDF) or repex:ReportingExceptionData", se.Name.Local)}
	}
	if se.Name.Space != "" && se.Name.Space != r.ns {
		return 0, &ingest.RowError{Reason: fmt.Sprintf("root element <%s> has namespace %q, want %q", se.Name.Local, se.Name.Space, r.ns)}
	}
	return r.kind, nil
}

// parser turns records into batches. The records that one source record
// gives are collected in Group() and committed together.
type parser struct {
	*ingest.Batcher
	ids ingest.IDLines // LEIs of the level-1 records of the current file
	// counts counts records by file and kind ("LEIRecord", …).
	counts map[string]map[string]int
	// exceptions holds the reporting exceptions read so far, by LEI, as an
	// index into factSets (few distinct combinations), until the LEI's
	// level-1 record takes them.
	exceptions map[string]int32
	factSets   [][]graph.Fact
	setIndex   map[string]int32
	// content is the ContentDate of the file being read.
	content graph.Date
}

func newParser(ctx context.Context, opt ingest.ParseOptions, emit func(*graph.Batch) error) *parser {
	return &parser{Batcher: ingest.NewBatcher(ctx, opt, emit),
		counts: map[string]map[string]int{}, exceptions: map[string]int32{}, setIndex: map[string]int32{}}
}

func (p *parser) count(file, kind string) {
	m := p.counts[file]
	if m == nil {
		m = map[string]int{}
		p.counts[file] = m
	}
	m[kind]++
}

// parse streams one file, decoding one record element at a time.
func (p *parser) parse(name string, r io.Reader) error {
	d := newDecoder(r)
	depth := 0
	var kind FileKind
	var recordElem string
	p.content = ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if kind == KindUnknown {
				return &ingest.RowError{File: name, Reason: "empty file: no root element"}
			}
			return nil
		}
		if err != nil {
			// Nothing after a syntax error can be read: report it and
			// give up the file (lenient) or fail (strict).
			return p.Bad(ingest.XMLError(name, d, err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			line, _ := d.InputPos()
			if depth == 1 {
				k, rerr := rootKind(t)
				if rerr != nil {
					rerr.File, rerr.Line = name, line
					return rerr
				}
				kind, recordElem = k, roots[t.Name.Local].record
				continue
			}
			if t.Name.Local == "ContentDate" && depth == 3 {
				var s string
				if err := d.DecodeElement(&s, &t); err != nil {
					return p.Bad(ingest.XMLError(name, d, err))
				}
				depth--
				if day, err := dateOf(s); err == nil {
					p.content = day
				}
				continue
			}
			if t.Name.Local != recordElem {
				continue
			}
			var rerr *ingest.RowError
			var derr error
			switch kind {
			case KindLEI:
				var rec leiRecord
				if derr = d.DecodeElement(&rec, &t); derr == nil {
					if lei, ok := normLEI(rec.LEI); ok {
						rerr = p.ids.Seen(name, "LEI", lei, line)
					}
					if rerr == nil {
						rerr = p.lei(&rec)
					}
				}
			case KindRR:
				var rec rrRecord
				if derr = d.DecodeElement(&rec, &t); derr == nil {
					rerr = p.relationship(&rec, func(id string) *ingest.RowError {
						return p.ids.Seen(name, "Relationship", id, line)
					})
				}
			case KindRepex:
				var rec repexRecord
				if derr = d.DecodeElement(&rec, &t); derr == nil {
					rerr = p.exception(&rec)
				}
			}
			if derr != nil {
				e := ingest.XMLError(name, d, derr)
				e.Reason += fmt.Sprintf(" (in <%s> starting at line %d)", t.Name.Local, line)
				return p.Bad(e)
			}
			depth-- // DecodeElement consumed the end tag
			if err := p.Tick(256); err != nil {
				return err
			}
			if rerr != nil {
				p.Discard()
				rerr.File, rerr.Line = name, line
				if err := p.Bad(rerr); err != nil {
					return err
				}
				continue
			}
			p.count(name, recordElem)
			if err := p.Commit(); err != nil {
				return err
			}
		case xml.EndElement:
			depth--
		}
	}
}
