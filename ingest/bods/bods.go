package bods

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// SourceName is the format name, the provenance source and the entity ID
// prefix.
const SourceName = "bods"

// New returns the BODS source.
func New() ingest.Source { return source{} }

type source struct{}

func (source) Name() string { return SourceName }

// Parse implements ingest.Source. Files are read in the order given; the
// relationships of all files are emitted after the last file (see the
// package documentation).
func (source) Parse(ctx context.Context, files []string, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	p := newParser(ctx, opt, emit)
	if err := ingest.EachFile(ctx, files, p.parse); err != nil {
		return err
	}
	return p.finish()
}

// parser holds the state of one parse over all files.
type parser struct {
	*ingest.Batcher
	ctx context.Context

	// latest statementDate of each 0.4 entity or person record emitted
	entDate map[string]string
	// 0.2/0.3: statementID of an entity or person statement -> entity ID
	stmtEntity map[string]string
	// 0.2/0.3: statement IDs replaced by a later statement
	replaced map[string]bool
	// 0.2/0.3: statementID of a relationship -> the id its edges' refs
	// start with (the first statement of its chain of replacements)
	relRef map[string]string
	// statement ids of the current file, to refuse a repeated one
	ids ingest.IDLines
	// relationships, by key (0.4 "r:"+recordId, 0.2/0.3 "s:"+statementID)
	rels  map[string]*rel
	order []string
}

func newParser(ctx context.Context, opt ingest.ParseOptions, emit func(*graph.Batch) error) *parser {
	return &parser{Batcher: ingest.NewBatcher(ctx, opt, emit), ctx: ctx,
		entDate: map[string]string{}, stmtEntity: map[string]string{}, replaced: map[string]bool{}, relRef: map[string]string{},
		rels: map[string]*rel{}}
}

// finish emits the buffered relationships, in the order their records
// first appeared.
func (p *parser) finish() error {
	for _, k := range p.order {
		r, ok := p.rels[k]
		if !ok || r.dropped {
			continue
		}
		b := p.Batch()
		if !r.empty() {
			b.Entities = append(b.Entities, r.parties...)
		}
		b.Holdings = append(b.Holdings, r.holdings...)
		b.Controls = append(b.Controls, r.controls...)
		b.Links = append(b.Links, r.links...)
		if err := p.Add(); err != nil {
			return err
		}
	}
	p.rels = map[string]*rel{}
	p.order = nil
	return p.Flush()
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// shorten folds the white space of a statement for error messages, at most
// 200 bytes.
func shorten(b []byte) string {
	return ingest.Shorten(string(bytes.Join(bytes.Fields(b), []byte{' '})))
}

// parse reads one file: a JSON array of statements, or a stream of JSON
// statements (JSON lines), told apart by the first non-space byte.
func (p *parser) parse(name string, rd io.Reader) error {
	lr := ingest.NewOffsetLines(rd)
	br := bufio.NewReaderSize(lr, 64<<10)
	var base int64
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, bom) {
		br.Discard(3)
		base = 3
	}
	var first byte
	for n := 1; ; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			if err == nil || errors.Is(err, io.EOF) || errors.Is(err, bufio.ErrBufferFull) {
				if errors.Is(err, bufio.ErrBufferFull) {
					return &ingest.RowError{File: name, Reason: "more than 64 KiB of white space before the first statement"}
				}
				return &ingest.RowError{File: name, Line: 1, Column: "$", Reason: "type: empty file: no statements"}
			}
			return err
		}
		c := b[n-1]
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			first = c
			break
		}
	}
	dec := json.NewDecoder(br)
	fatal := func(err error) error {
		var se *json.SyntaxError
		line := lr.LineAt(base + dec.InputOffset())
		if errors.As(err, &se) {
			return &ingest.RowError{File: name, Line: line, Reason: "malformed JSON: " + se.Error()}
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return &ingest.RowError{File: name, Line: line, Reason: "malformed JSON: unexpected end of file"}
		}
		var ue *json.UnmarshalTypeError
		if errors.As(err, &ue) {
			return &ingest.RowError{File: name, Line: line, Reason: "malformed JSON: " + ue.Error()}
		}
		return err
	}
	array := first == '['
	if array {
		if _, err := dec.Token(); err != nil {
			return fatal(err)
		}
	}
	for i := 0; ; i++ {
		if i&255 == 255 {
			if err := p.ctx.Err(); err != nil {
				return err
			}
		}
		if array && !dec.More() {
			break
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if !array && errors.Is(err, io.EOF) {
				break
			}
			return fatal(err)
		}
		end := base + dec.InputOffset()
		start := end - int64(len(raw))
		line := lr.LineAt(start)
		endLine := lr.LineAt(end)
		if e := p.statement(name, i, line, !array && endLine != line, raw); e != nil {
			if err := p.Bad(e); err != nil {
				return err
			}
		}
		if err := p.Add(); err != nil {
			return err
		}
	}
	if array {
		if _, err := dec.Token(); err != nil { // the closing ']'
			return fatal(err)
		}
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			line := lr.LineAt(base + dec.InputOffset())
			return &ingest.RowError{File: name, Line: line, Reason: "malformed JSON: data after the array of statements"}
		}
	}
	return nil
}

// statement decodes and loads one statement.
func (p *parser) statement(name string, idx, line int, multiline bool, raw []byte) *ingest.RowError {
	path := "$[" + strconv.Itoa(idx) + "]"
	fail := func(e *verr) *ingest.RowError {
		return &ingest.RowError{File: name, Line: line, Column: e.Path, Record: shorten(raw), Reason: e.Kind + ": " + e.Msg}
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return &ingest.RowError{File: name, Line: line, Record: shorten(raw), Reason: "malformed JSON: " + err.Error()}
	}
	st, ok := v.(map[string]any)
	if !ok {
		return fail(errf("type", path, "a statement must be an object, not %s", jsonType(v)))
	}
	if _, legacy := st["statementType"]; legacy {
		if e := validate02(st, path); e != nil {
			return fail(e)
		}
		if e := p.repeated(name, line, st, path, "statementID"); e != nil {
			return e
		}
		out, e := p.legacy(raw, path)
		if e != nil {
			return fail(e)
		}
		p.apply(out)
		return nil
	}
	if multiline {
		// A BODS 0.4 file is an array of statements or JSON lines; a
		// pretty-printed object on its own is neither (the 0.4 tests-data
		// case statements_not_array.json).
		return fail(errf("type", "$", "a BODS 0.4 file must be a JSON array of statements, or JSON lines with one statement a line"))
	}
	if ver := version(st); ver != "" && ver != "0.4" && !strings.HasPrefix(ver, "0.4") && versionBefore04(ver) {
		return fail(errf("required", path, `"statementType" is a required property (bodsVersion %s)`, ver))
	}
	if e := validate04(st, path); e != nil {
		return fail(e)
	}
	if e := p.repeated(name, line, st, path, "statementId"); e != nil {
		return e
	}
	out, e := p.v04(raw, path)
	if e != nil {
		return fail(e)
	}
	p.apply(out)
	return nil
}

// repeated refuses a statement whose id (property key, validated as a
// string) was given by an earlier statement of the file: a statement id
// names one statement, and the second would silently replace the first.
// The error names both lines; in lenient mode the first is kept.
func (p *parser) repeated(name string, line int, st map[string]any, path, key string) *ingest.RowError {
	id, _ := st[key].(string)
	return p.ids.Seen(name, path+"."+key, strings.TrimSpace(id), line)
}

// version returns publicationDetails.bodsVersion, if any.
func version(st map[string]any) string {
	pd, _ := st["publicationDetails"].(map[string]any)
	v, _ := pd["bodsVersion"].(string)
	return v
}

func versionBefore04(v string) bool {
	maj, mnr, ok := strings.Cut(v, ".")
	if !ok {
		return false
	}
	a, err1 := strconv.Atoi(maj)
	b, err2 := strconv.Atoi(mnr)
	return err1 == nil && err2 == nil && a == 0 && b < 4
}
