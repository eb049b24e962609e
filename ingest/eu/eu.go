package eu

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"unicode"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// SourceName is the format name, the list name and the provenance source.
const SourceName = "eu"

const rootName = "export"

// New returns the EU Financial Sanctions Files source.
func New() ingest.Source { return source{} }

type source struct{}

var (
	_ ingest.Source     = source{}
	_ ingest.ListSource = source{}
)

func (source) Name() string { return SourceName }

// Parse implements ingest.Source. Files are read in the order given; each
// is XML when its first non-space byte is '<', CSV otherwise.
func (source) Parse(ctx context.Context, files []string, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	p := newParser(ctx, opt, emit)
	if err := ingest.EachFile(ctx, files, p.parse); err != nil {
		return err
	}
	return p.Flush()
}

// ListInfo implements ingest.ListSource: list "eu", published the date of
// the XML root's generationDate or the CSV's fileGenerationDate (the
// latest over the files).
func (source) ListInfo(ctx context.Context, files []string) (string, graph.Date, error) {
	latest, err := ingest.LatestDate(ctx, files, fileDate)
	if err != nil {
		return "", "", err
	}
	return SourceName, latest, nil
}

func fileDate(name string, f io.Reader) (graph.Date, error) {
	br, isXML := sniff(f)
	if isXML {
		d := xml.NewDecoder(br)
		for {
			tok, err := d.Token()
			if err != nil {
				return "", ingest.XMLError(name, d, err)
			}
			if se, ok := tok.(xml.StartElement); ok {
				line, _ := d.InputPos()
				if se.Name.Local != rootName {
					return "", &ingest.RowError{File: name, Line: line, Reason: fmt.Sprintf("root element is <%s>, want <%s>", se.Name.Local, rootName)}
				}
				for _, a := range se.Attr {
					if a.Name.Local == "generationDate" {
						day, err := parseDate(a.Value)
						if err != nil {
							return "", &ingest.RowError{File: name, Line: line, Column: "generationDate", Reason: err.Error()}
						}
						return day, nil
					}
				}
				return "", nil
			}
		}
	}
	r := newCSVReader(br)
	h, err := readHeader(name, r)
	if err != nil {
		return "", err
	}
	rec, err := r.Read()
	if err == io.EOF {
		return "", nil
	}
	if err != nil {
		return "", ingest.CSVError(name, err)
	}
	v := h.get(rec, "fileGenerationDate")
	day, err := parseCSVDate(v)
	if err != nil {
		line, _ := r.FieldPos(0)
		return "", &ingest.RowError{File: name, Line: line, Column: "fileGenerationDate", Reason: err.Error()}
	}
	return day, nil
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// sniff strips a byte order mark and reports whether the first non-space
// byte is '<'.
func sniff(r io.Reader) (*bufio.Reader, bool) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, bom) {
		br.Discard(3)
	}
	for n := 1; ; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			return br, false
		}
		if c := b[n-1]; !unicode.IsSpace(rune(c)) {
			return br, c == '<'
		}
		if err != nil || n >= 4096 {
			return br, false
		}
	}
}

// parseDate reads YYYY-MM-DD, optionally followed by a time ("T…") or an
// XML-Schema time zone, and returns the date part.
func parseDate(s string) (graph.Date, error) {
	s = ingest.Clean(s)
	if s == "" {
		return "", nil
	}
	if len(s) > 10 {
		rest := s[10:]
		if rest[0] != 'T' && !validZone(rest) {
			return "", fmt.Errorf("bad date %q: want YYYY-MM-DD", s)
		}
		s = s[:10]
	}
	return graph.ParseDate(s)
}

// parseCSVDate also accepts DD/MM/YYYY, which the CSV uses for
// fileGenerationDate.
func parseCSVDate(s string) (graph.Date, error) {
	s = ingest.Clean(s)
	if len(s) == 10 && s[2] == '/' && s[5] == '/' {
		d, err := graph.ParseDate(s[6:] + "-" + s[3:5] + "-" + s[:2])
		if err != nil {
			return "", fmt.Errorf("bad date %q: want YYYY-MM-DD or DD/MM/YYYY", s)
		}
		return d, nil
	}
	return parseDate(s)
}

func validZone(z string) bool {
	if z == "Z" {
		return true
	}
	if len(z) != 6 || (z[0] != '+' && z[0] != '-') || z[3] != ':' {
		return false
	}
	hh, err1 := strconv.Atoi(z[1:3])
	mm, err2 := strconv.Atoi(z[4:6])
	return err1 == nil && err2 == nil && hh >= 0 && mm >= 0 && (hh < 14 && mm < 60 || hh == 14 && mm == 0)
}

// parser turns entities into batches.
type parser struct {
	*ingest.Batcher
	ids ingest.IDLines // logicalIds of the current file
}

func newParser(ctx context.Context, opt ingest.ParseOptions, emit func(*graph.Batch) error) *parser {
	return &parser{Batcher: ingest.NewBatcher(ctx, opt, emit)}
}

func (p *parser) parse(name string, r io.Reader) error {
	br, isXML := sniff(r)
	if isXML {
		return p.parseXML(name, br)
	}
	return p.parseCSV(name, br)
}

// add converts one entity and adds it to the batch.
func (p *parser) add(name string, line int, e *sanctionEntity, parse func(string) (graph.Date, error)) error {
	if err := p.Tick(256); err != nil {
		return err
	}
	res, rerr := convert(e, parse)
	if rerr == nil {
		// The CSV form refuses a repeat before: its rows must be grouped.
		rerr = p.ids.Seen(name, "logicalId", e.LogicalID, line)
	}
	if rerr != nil {
		rerr.File, rerr.Line = name, line
		return p.Bad(rerr)
	}
	b := p.Batch()
	b.Entities = append(b.Entities, res.entity)
	b.Designations = append(b.Designations, res.designations...)
	b.SameAs = append(b.SameAs, res.sameAs...)
	return p.Add()
}

// parseXML streams <sanctionEntity> elements.
func (p *parser) parseXML(name string, r io.Reader) error {
	d := xml.NewDecoder(r)
	depth, rootSeen := 0, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if !rootSeen {
				return &ingest.RowError{File: name, Reason: "empty file: no <export> element"}
			}
			return nil
		}
		if err != nil {
			return p.Bad(ingest.XMLError(name, d, err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if t.Name.Local != rootName {
					line, _ := d.InputPos()
					return &ingest.RowError{File: name, Line: line,
						Reason: fmt.Sprintf("root element is <%s>, want <%s>: not an EU Financial Sanctions File", t.Name.Local, rootName)}
				}
				rootSeen = true
				continue
			}
			if t.Name.Local != "sanctionEntity" {
				continue
			}
			line, _ := d.InputPos()
			var e sanctionEntity
			if err := d.DecodeElement(&e, &t); err != nil {
				re := ingest.XMLError(name, d, err)
				re.Reason += fmt.Sprintf(" (in <sanctionEntity> starting at line %d)", line)
				return p.Bad(re)
			}
			depth--
			if err := p.add(name, line, &e, parseDate); err != nil {
				return err
			}
		case xml.EndElement:
			depth--
		}
	}
}
