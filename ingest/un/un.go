package un

import (
	"bufio"
	"context"
	"encoding/xml"
	"fmt"
	"io"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// SourceName is the format name, the list name and the provenance source.
const SourceName = "un"

// rootName is the root element of the consolidated list.
const rootName = "CONSOLIDATED_LIST"

// New returns the UN consolidated list source.
func New() ingest.Source { return source{} }

type source struct{}

var (
	_ ingest.Source     = source{}
	_ ingest.ListSource = source{}
)

func (source) Name() string { return SourceName }

// Parse implements ingest.Source. Files are read in the order given.
func (source) Parse(ctx context.Context, files []string, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	p := newParser(ctx, opt, emit)
	if err := ingest.EachFile(ctx, files, p.parse); err != nil {
		return err
	}
	return p.Flush()
}

// ListInfo implements ingest.ListSource: the list is "un" and the
// publication date is the date part of the root's dateGenerated (the
// latest one when several files are given; empty when none has it).
func (source) ListInfo(ctx context.Context, files []string) (string, graph.Date, error) {
	latest, err := ingest.LatestDate(ctx, files, fileDate)
	if err != nil {
		return "", "", err
	}
	return SourceName, latest, nil
}

// fileDate reads the root element of one file and returns its
// dateGenerated date.
func fileDate(name string, f io.Reader) (graph.Date, error) {
	d := newDecoder(f)
	for {
		tok, err := d.Token()
		if err != nil {
			return "", ingest.XMLError(name, d, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		line, _ := d.InputPos()
		if se.Name.Local != rootName {
			return "", &ingest.RowError{File: name, Line: line,
				Reason: fmt.Sprintf("root element is <%s>, want <%s>: not a UN consolidated list", se.Name.Local, rootName)}
		}
		v := attr(se, "dateGenerated")
		if v == "" {
			return "", nil
		}
		day, err := parseDateTime(v)
		if err != nil {
			return "", &ingest.RowError{File: name, Line: line, Column: "dateGenerated", Reason: err.Error()}
		}
		return day, nil
	}
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func newDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(bufio.NewReaderSize(r, 64<<10))
	return d
}

// parser turns records into batches.
type parser struct {
	*ingest.Batcher
	ids ingest.IDLines // REFERENCE_NUMBERs of the current file
}

func newParser(ctx context.Context, opt ingest.ParseOptions, emit func(*graph.Batch) error) *parser {
	return &parser{Batcher: ingest.NewBatcher(ctx, opt, emit)}
}

// parse streams one file.
func (p *parser) parse(name string, r io.Reader) error {
	d := newDecoder(r)
	depth := 0
	rootSeen := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if !rootSeen {
				return &ingest.RowError{File: name, Reason: "empty file: no <" + rootName + "> element"}
			}
			return nil
		}
		if err != nil {
			// Nothing after a syntax error can be read: report it and
			// give up the file (lenient) or fail (strict).
			e := ingest.XMLError(name, d, err)
			return p.Bad(e)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if t.Name.Local != rootName {
					line, _ := d.InputPos()
					return &ingest.RowError{File: name, Line: line,
						Reason: fmt.Sprintf("root element is <%s>, want <%s>: not a UN consolidated list", t.Name.Local, rootName)}
				}
				rootSeen = true
				continue
			}
			if t.Name.Local != "INDIVIDUAL" && t.Name.Local != "ENTITY" {
				continue
			}
			line, _ := d.InputPos()
			var rec record
			if err := d.DecodeElement(&rec, &t); err != nil {
				e := ingest.XMLError(name, d, err)
				e.Reason += fmt.Sprintf(" (in <%s> starting at line %d)", t.Name.Local, line)
				return p.Bad(e)
			}
			depth-- // DecodeElement consumed the end tag
			if err := p.record(name, line, t.Name.Local, &rec); err != nil {
				return err
			}
		case xml.EndElement:
			depth--
		}
	}
}

// record converts one decoded record and adds it to the batch.
func (p *parser) record(name string, line int, elem string, rec *record) error {
	if err := p.Tick(256); err != nil {
		return err
	}
	ent, des, rerr := convert(elem, rec)
	if rerr == nil {
		rerr = p.ids.Seen(name, "REFERENCE_NUMBER", ingest.Clean(rec.Reference), line)
	}
	if rerr != nil {
		rerr.File, rerr.Line = name, line
		return p.Bad(rerr)
	}
	b := p.Batch()
	b.Entities = append(b.Entities, ent)
	b.Designations = append(b.Designations, des)
	return p.Add()
}
