package ofacxml

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// SourceName is the format name.
const SourceName = "ofac-xml"

// List names returned by ListInfo and used as provenance source.
const (
	ListSDN  = "ofac-sdn"
	ListCons = "ofac-cons"
)

// Designation regimes.
const (
	RegimeSDN    graph.Regime = graph.RegimeOFAC
	RegimeNonSDN graph.Regime = "ofac-nonsdn"
)

// Format is the XML edition of a file.
type Format int

// Formats.
const (
	FormatUnknown  Format = iota
	FormatLegacy          // <sdnList>
	FormatAdvanced        // <Sanctions>
)

func (f Format) String() string {
	switch f {
	case FormatLegacy:
		return "sdnList"
	case FormatAdvanced:
		return "Sanctions"
	}
	return "unknown"
}

// New returns the OFAC XML source. It implements ingest.Source and
// ingest.ListSource.
func New() ingest.Source { return source{} }

type source struct{}

var _ ingest.ListSource = source{}

func (source) Name() string { return SourceName }

// Parse implements ingest.Source.
func (source) Parse(ctx context.Context, files []string, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	p := newParser(ctx, opt, emit)
	err := ingest.EachFile(ctx, files, func(name string, r io.Reader) error {
		return p.parseFile(name, r.(io.ReadSeeker)) // a text reader of an *os.File
	})
	if err != nil {
		return err
	}
	return p.Flush()
}

// ListInfo implements ingest.ListSource.
func (source) ListInfo(ctx context.Context, files []string) (string, graph.Date, error) {
	var list string
	var published graph.Date
	err := ingest.EachFile(ctx, files, func(name string, r io.Reader) error {
		l, d, err := fileInfo(name, r)
		if err != nil {
			return err
		}
		if list != "" && l != list {
			return fmt.Errorf("%s: list %s, but an earlier file is list %s: load them separately", name, l, list)
		}
		list = l
		if d > published {
			published = d
		}
		return nil
	})
	if err != nil {
		return "", "", err
	}
	return list, published, nil
}

// listOf returns the list a file belongs to, from its base name.
func listOf(name string) string {
	if strings.Contains(strings.ToUpper(filepath.Base(name)), "CONS") {
		return ListCons
	}
	return ListSDN
}

// fileInfo reads only the head of a file: its list and publication date.
func fileInfo(name string, r io.Reader) (string, graph.Date, error) {
	d := newDecoder(r)
	root, err := rootElement(name, d)
	if err != nil {
		return "", "", err
	}
	list := listOf(name)
	switch detect(root) {
	case FormatLegacy:
		for {
			se, err := nextStart(name, d, "")
			if err != nil {
				return "", "", err
			}
			if se == nil {
				return list, "", nil
			}
			if se.Name.Local == "publshInformation" {
				info, rerr := decodePublishInfo(name, d, se)
				return list, info.date, rerr
			}
			if se.Name.Local == "sdnEntry" {
				return list, "", nil // publshInformation comes first
			}
		}
	case FormatAdvanced:
		for {
			se, err := nextStart(name, d, "")
			if err != nil {
				return "", "", err
			}
			if se == nil {
				return list, "", nil
			}
			if se.Name.Local == "DateOfIssue" {
				date, rerr := decodeDateOfIssue(name, d, se)
				return list, date, rerr
			}
			if se.Name.Local == "DistinctParties" {
				return list, "", nil
			}
			if err := d.Skip(); err != nil {
				return "", "", syntaxError(name, d, err, "")
			}
		}
	}
	return "", "", rootError(name, root)
}

func detect(root xml.StartElement) Format {
	switch root.Name.Local {
	case "sdnList":
		return FormatLegacy
	case "Sanctions":
		return FormatAdvanced
	}
	return FormatUnknown
}

func rootError(name string, root xml.StartElement) error {
	return &ingest.RowError{File: name, Line: 1,
		Reason: fmt.Sprintf("root element <%s> is neither <sdnList> (SDN.XML) nor <Sanctions> (SDN_ADVANCED.XML)", root.Name.Local)}
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// newDecoder returns a decoder over r with a BOM stripped and Latin-1 /
// ASCII declarations accepted.
func newDecoder(r io.Reader) *xml.Decoder {
	br := bufio.NewReaderSize(r, 256<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, bom) {
		br.Discard(3)
	}
	d := xml.NewDecoder(br)
	d.CharsetReader = charsetReader
	return d
}

func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return input, nil
	case "iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252":
		return &latin1Reader{r: bufio.NewReader(input)}, nil
	}
	return nil, fmt.Errorf("unsupported XML encoding %q", charset)
}

// latin1Reader converts ISO-8859-1 bytes to UTF-8.
type latin1Reader struct {
	r   *bufio.Reader
	buf []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(l.buf) > 0 {
			c := copy(p[n:], l.buf)
			l.buf = l.buf[c:]
			n += c
			continue
		}
		b, err := l.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if b < utf8.RuneSelf {
			p[n] = b
			n++
			continue
		}
		l.buf = utf8.AppendRune(l.buf[:0], rune(b))
	}
	return n, nil
}

// rootElement returns the first start element of the document.
func rootElement(name string, d *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return xml.StartElement{}, &ingest.RowError{File: name, Line: 1, Reason: "empty file: no XML root element"}
		}
		if err != nil {
			return xml.StartElement{}, syntaxError(name, d, err, "")
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se, nil
		}
	}
}

// nextStart returns the next start element before the end of the current
// element, or nil at that end. An element name in want, if given, must
// match.
func nextStart(name string, d *xml.Decoder, where string) (*xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil, syntaxError(name, d, io.ErrUnexpectedEOF, where)
		}
		if err != nil {
			return nil, syntaxError(name, d, err, where)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return &t, nil
		case xml.EndElement:
			return nil, nil
		}
	}
}

// syntaxError converts a decoder error to a *RowError; where names the
// record being read, if any.
func syntaxError(name string, d *xml.Decoder, err error, where string) error {
	line, _ := d.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
		err = errors.New(se.Msg)
		if se.Msg == "unexpected EOF" {
			err = io.ErrUnexpectedEOF
		}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = errors.New("unexpected end of file (truncated?)")
	}
	reason := "malformed XML: " + err.Error()
	if where != "" {
		reason = where + ": " + reason
	}
	return &ingest.RowError{File: name, Line: line, Record: where, Reason: reason, Rest: true}
}

// parser batches records across files.
type parser struct {
	*ingest.Batcher
	ids ingest.IDLines // entry uids (legacy) or profile ids (advanced) of the current file
}

func newParser(ctx context.Context, opt ingest.ParseOptions, emit func(*graph.Batch) error) *parser {
	return &parser{Batcher: ingest.NewBatcher(ctx, opt, emit)}
}

// done is called after each record: it flushes a full batch and checks
// the context now and then.
func (p *parser) done() error {
	if err := p.Tick(1024); err != nil {
		return err
	}
	return p.Add()
}

// parseFile detects the format of one file and parses it. The legacy
// format needs two passes and therefore a seekable input.
func (p *parser) parseFile(name string, r io.ReadSeeker) error {
	d := newDecoder(r)
	root, err := rootElement(name, d)
	if err != nil {
		return err
	}
	switch detect(root) {
	case FormatLegacy:
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return err
		}
		names, err := collectNames(name, r)
		if err != nil {
			return err
		}
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return err
		}
		d = newDecoder(r)
		if _, err := rootElement(name, d); err != nil {
			return err
		}
		return p.parseLegacy(name, d, names)
	case FormatAdvanced:
		return p.parseAdvanced(name, d)
	}
	return rootError(name, root)
}

// recName names the element of kind with ID id in errors: by its ID, or
// by the line it starts at when it has none.
func recName(kind, id string, line int) string {
	if id == "" {
		return fmt.Sprintf("%s starting at line %d", kind, line)
	}
	return kind + " ID=" + id
}

// recErr builds a record error.
func recErr(name string, line int, record, format string, args ...any) *ingest.RowError {
	return &ingest.RowError{File: name, Line: line, Record: record,
		Reason: record + ": " + fmt.Sprintf(format, args...)}
}
