package psc

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// Provenance sources and the format name.
const (
	// SourceName is the format name ("ownex ingest psc").
	SourceName = "psc"
	// ProvenancePSC is the provenance source of PSC snapshot records.
	ProvenancePSC = "gb-psc"
	// ProvenanceCompanies is the provenance source of Basic Company Data
	// records.
	ProvenanceCompanies = "gb-coh"
)

// Record kinds counted by the parser (data.kind values, plus the
// company-data pseudo kind).
const (
	KindTotals      = "totals#persons-of-significant-control-snapshot"
	KindStatement   = "persons-with-significant-control-statement"
	KindExemptions  = "exemptions"
	KindCompanyData = "company-data"
)

// New returns the UK Companies House PSC snapshot source.
func New() ingest.Source { return source{} }

type source struct{}

func (source) Name() string { return SourceName }

// Parse implements ingest.Source. Files are read in the order given.
func (source) Parse(ctx context.Context, files []string, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	p := newParser(ctx, opt, emit)
	if err := ingest.EachFile(ctx, files, p.parse); err != nil {
		return err
	}
	return p.Flush()
}

// parser turns records into batches and counts them by kind. The records
// that one source record gives are collected in Group() and committed
// together.
type parser struct {
	*ingest.Batcher
	counts map[string]int
	ids    ingest.IDLines // PSC records (links.self) of the current file
	file   string         // the file and line of the record being read
	line   int
}

func newParser(ctx context.Context, opt ingest.ParseOptions, emit func(*graph.Batch) error) *parser {
	return &parser{Batcher: ingest.NewBatcher(ctx, opt, emit), counts: map[string]int{}}
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// parse reads one file: JSON lines, or one JSON array of records.
func (p *parser) parse(name string, r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, bom) {
		br.Discard(3)
	}
	// Find the first significant byte without consuming it.
	lines := 1
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return nil // an empty file holds no record
		}
		if err != nil {
			return &ingest.RowError{File: name, Line: lines, Reason: err.Error()}
		}
		if c == '\n' {
			lines++
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			continue
		}
		br.UnreadByte()
		if c == '[' {
			return p.parseArray(name, br, lines)
		}
		return p.parseLines(name, br, lines)
	}
}

// parseLines reads one JSON object per line (the published snapshot),
// the first numbered line; a line longer than ingest.MaxLineBytes is a
// bad record.
func (p *parser) parseLines(name string, br *bufio.Reader, line int) error {
	lr := ingest.NewLineReader(br, line)
	for {
		raw, err := lr.Next()
		if err == io.EOF {
			return nil
		}
		if err == ingest.ErrLineTooLong {
			if perr := p.Bad(&ingest.RowError{File: name, Line: lr.Line(), Reason: err.Error()}); perr != nil {
				return perr
			}
			continue
		}
		if err != nil {
			return &ingest.RowError{File: name, Line: lr.Line() + 1, Reason: err.Error()}
		}
		if raw = bytes.TrimSpace(raw); len(raw) > 0 {
			if perr := p.record(name, lr.Line(), raw); perr != nil {
				return perr
			}
		}
	}
}

// parseArray reads a JSON array of records (the fixtures' shape). The
// first line is line first (blank lines before the array were consumed).
func (p *parser) parseArray(name string, br *bufio.Reader, first int) error {
	lc := ingest.NewOffsetLines(br)
	d := json.NewDecoder(lc)
	lineAt := func(off int64) int { return lc.LineAt(off) + first - 1 }
	syntax := func(err error) error {
		off := d.InputOffset()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		line := lineAt(off)
		reason := "malformed JSON: " + err.Error()
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			reason = "malformed JSON: unexpected end of file"
		}
		// Nothing after a syntax error can be read: give up the file.
		return p.Bad(&ingest.RowError{File: name, Line: line, Reason: reason, Rest: true})
	}
	if _, err := d.Token(); err != nil { // '['
		return syntax(err)
	}
	for d.More() {
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return syntax(err)
		}
		// The value ends at the decoder's offset.
		line := lineAt(d.InputOffset() - int64(len(raw)))
		if err := p.record(name, line, raw); err != nil {
			return err
		}
	}
	if _, err := d.Token(); err != nil { // ']'
		return syntax(err)
	}
	if _, err := d.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the closing ]")
		}
		return syntax(err)
	}
	return nil
}

// shorten returns raw for an error message, at most 200 bytes.
func shorten(raw []byte) string { return ingest.Shorten(string(raw)) }

// record converts one JSON record and adds what it says to the batch.
func (p *parser) record(name string, line int, raw []byte) error {
	if err := p.Tick(1024); err != nil {
		return err
	}
	p.file, p.line = name, line
	kind, rerr := p.convert(raw)
	if rerr != nil {
		p.Discard()
		rerr.File, rerr.Line = name, line
		if rerr.Record == "" {
			rerr.Record = shorten(raw)
		}
		return p.Bad(rerr)
	}
	p.counts[kind]++
	return p.Commit()
}

// convert decodes one record into the batch and returns its kind. On error
// nothing is added.
func (p *parser) convert(raw []byte) (string, *ingest.RowError) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return "", &ingest.RowError{Reason: "record is not a JSON object"}
		}
		return "", &ingest.RowError{Reason: "malformed JSON: " + err.Error()}
	}
	if data, ok := top["data"]; ok {
		var cn string
		if v, ok := top["company_number"]; ok {
			if err := json.Unmarshal(v, &cn); err != nil {
				return "", &ingest.RowError{Column: "company_number", Reason: "company_number is not a string"}
			}
		}
		var d pscData
		if err := json.Unmarshal(data, &d); err != nil {
			return "", &ingest.RowError{Column: "data", Reason: "bad data object: " + err.Error()}
		}
		return d.Kind, p.psc(cn, &d)
	}
	// Basic Company Data converted to JSON: the CSV header names as keys,
	// possibly with leading spaces.
	trimmed := make(map[string]json.RawMessage, len(top))
	for k, v := range top {
		trimmed[strings.TrimSpace(k)] = v
	}
	if _, ok := trimmed["CompanyNumber"]; ok {
		row := make(map[string]string, len(trimmed))
		for k, v := range trimmed {
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				if string(v) == "null" {
					continue
				}
				return "", &ingest.RowError{Column: k, Reason: fmt.Sprintf("company data field %q is not a string", k)}
			}
			row[k] = strings.TrimSpace(s)
		}
		return KindCompanyData, p.company(row)
	}
	return "", &ingest.RowError{Reason: "neither a PSC snapshot record (no \"data\") nor a Basic Company Data record (no \"CompanyNumber\")"}
}
