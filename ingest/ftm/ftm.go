package ftm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// SourceName is the format name.
const SourceName = "ftm"

// ProvenanceSource is the provenance source of entities and relations;
// designations carry "os:<dataset>" instead.
const ProvenanceSource = "opensanctions"

// IDPrefix prefixes every FtM id to make an entity id: "os:<id>".
const IDPrefix = "os:"

// MaxLineBytes is the longest line read (ingest.MaxLineBytes); a longer
// line is a bad record.
const MaxLineBytes = ingest.MaxLineBytes

// New returns the OpenSanctions FollowTheMoney entity JSON lines source.
func New() ingest.Source { return source{} }

type source struct{}

func (source) Name() string { return SourceName }

func (source) Parse(ctx context.Context, files []string, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	_, err := Parse(ctx, files, opt, emit)
	return err
}

// Stats describes what a parse read and what it could not use.
type Stats struct {
	Lines   int            // physical lines read (second pass)
	Schemas map[string]int // records read, by schema
	// Ignored counts records of schemata this source does not map
	// (CryptoWallet, Security, Occupancy, ...), by schema. They are not
	// errors.
	Ignored map[string]int
	Bad     int // bad records (skipped in lenient mode)
	// UnparsedPercentages lists the Ownership ids whose `percentage` text
	// was present but could not be read; their holdings have an unknown
	// share.
	UnparsedPercentages []string
	// UnresolvedAddresses counts addressEntity references to an Address
	// that is not in the input.
	UnresolvedAddresses int
	// SelfOwnership counts Ownership records dropped because owner and
	// asset are the same entity.
	SelfOwnership int
	Counts        graph.Counts // records emitted
}

// Parse reads files as FtM entity JSON lines and emits batches. It reads
// every file twice: a first pass collects the Address, Identification and
// Passport entities (and nothing else), a second pass maps and emits the
// records, so that an entity gets the addresses and documents it
// references wherever they are in the input.
func Parse(ctx context.Context, files []string, opt ingest.ParseOptions, emit func(*graph.Batch) error) (Stats, error) {
	p := newParser(ctx, opt, emit)
	if err := ingest.EachFile(ctx, files, p.collect); err != nil {
		return p.stats, err
	}
	if err := ingest.EachFile(ctx, files, p.parse); err != nil {
		return p.stats, err
	}
	err := p.Flush()
	return p.stats, err
}

// parseReaders parses in-memory files (tests and fuzzing): name → content.
func parseReaders(ctx context.Context, name string, data []byte, opt ingest.ParseOptions, emit func(*graph.Batch) error) (Stats, error) {
	p := newParser(ctx, opt, emit)
	if err := p.collect(name, bytes.NewReader(data)); err != nil {
		return p.stats, err
	}
	if err := p.parse(name, bytes.NewReader(data)); err != nil {
		return p.stats, err
	}
	err := p.Flush()
	return p.stats, err
}

// record is one FtM entity line.
type record struct {
	ID         string              `json:"id"`
	Caption    string              `json:"caption"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Referents  []string            `json:"referents"`
	Datasets   []string            `json:"datasets"`
	Target     bool                `json:"target"`
	FirstSeen  string              `json:"first_seen"`
	LastSeen   string              `json:"last_seen"`
	LastChange string              `json:"last_change"`
}

func (r *record) first(prop string) string {
	for _, v := range r.Properties[prop] {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func (r *record) values(prop string) []string {
	var out []string
	for _, v := range r.Properties[prop] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

type parser struct {
	*ingest.Batcher
	ctx   context.Context
	stats Stats
	// From the first pass.
	addresses map[string]*graph.Address     // Address id or referent → address
	documents map[string][]graph.Identifier // holder id → documents
	ids       ingest.IDLines                // entity ids of the current file
}

func newParser(ctx context.Context, opt ingest.ParseOptions, emit func(*graph.Batch) error) *parser {
	p := &parser{ctx: ctx,
		stats:     Stats{Schemas: map[string]int{}, Ignored: map[string]int{}},
		addresses: map[string]*graph.Address{}, documents: map[string][]graph.Identifier{}}
	p.Batcher = ingest.NewBatcher(ctx, opt, func(b *graph.Batch) error {
		p.stats.Counts.Add(b)
		return emit(b)
	})
	return p
}

// bad counts a bad record and handles it: an error in strict mode, a skip
// in lenient mode.
func (p *parser) bad(e *ingest.RowError) error {
	p.stats.Bad++
	return p.Bad(e)
}

// collect is the first pass: it keeps Address, Identification and
// Passport entities. Bad lines are left to the second pass.
func (p *parser) collect(name string, r io.Reader) error {
	lr := ingest.NewLineReader(r, 1)
	for {
		line, err := lr.Next()
		if err == io.EOF {
			return nil
		}
		if err == ingest.ErrLineTooLong {
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if lr.Line()&1023 == 0 {
			if err := p.ctx.Err(); err != nil {
				return err
			}
		}
		if !bytes.Contains(line, []byte(`"Address"`)) && !bytes.Contains(line, []byte(`"Passport"`)) &&
			!bytes.Contains(line, []byte(`"Identification"`)) {
			continue
		}
		var rec record
		if json.Unmarshal(line, &rec) != nil || rec.ID == "" {
			continue
		}
		switch rec.Schema {
		case "Address":
			a := addressOf(&rec)
			if a == nil {
				continue
			}
			p.addresses[rec.ID] = a
			for _, ref := range rec.Referents {
				if _, dup := p.addresses[ref]; !dup {
					p.addresses[ref] = a
				}
			}
		case "Passport", "Identification":
			scheme := "national-id"
			if rec.Schema == "Passport" || strings.EqualFold(rec.first("type"), "passport") {
				scheme = "passport"
			}
			country := strings.ToUpper(rec.first("country"))
			for _, holder := range rec.values("holder") {
				for _, prop := range []string{"number", "passportNumber"} {
					for _, n := range rec.values(prop) {
						p.documents[holder] = append(p.documents[holder], graph.Identifier{Scheme: scheme, Value: n, Country: country})
					}
				}
			}
		}
	}
}

// addressOf maps an Address entity; nil when it says nothing.
func addressOf(rec *record) *graph.Address {
	a := &graph.Address{
		Text:    rec.first("full"),
		Street:  strings.Join(rec.values("street"), ", "),
		City:    rec.first("city"),
		Region:  rec.first("region"),
		Postal:  rec.first("postalCode"),
		Country: strings.ToUpper(rec.first("country")),
	}
	if box := rec.first("postOfficeBox"); box != "" && a.Street == "" {
		a.Street = box
	}
	if a.Text == "" {
		a.Text = rec.Caption
	}
	if *a == (graph.Address{}) {
		return nil
	}
	return a
}

// parse is the second pass: it maps and emits every record.
func (p *parser) parse(name string, r io.Reader) error {
	lr := ingest.NewLineReader(r, 1)
	for {
		line, err := lr.Next()
		if err == io.EOF {
			return nil
		}
		if err == ingest.ErrLineTooLong {
			if perr := p.bad(&ingest.RowError{File: name, Line: lr.Line(),
				Reason: fmt.Sprintf("line longer than %d bytes", MaxLineBytes)}); perr != nil {
				return perr
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		p.stats.Lines++
		if lr.Line()&1023 == 0 {
			if err := p.ctx.Err(); err != nil {
				return err
			}
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		lb, e := p.record(name, lr.Line(), line)
		if e != nil {
			if perr := p.bad(e); perr != nil {
				return perr
			}
			continue
		}
		if lb == nil {
			continue
		}
		if err := p.AddEach(lb); err != nil {
			return err
		}
	}
}

// shorten returns a line for error messages, at most 200 bytes.
func shorten(line []byte) string {
	s := strings.ToValidUTF8(string(line), "\uFFFD")
	if len(s) > 200 {
		cut := 200
		for cut > 0 && (s[cut]&0xC0) == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// record maps one line. It returns nil records for a record that gives
// nothing (an ignored schema).
func (p *parser) record(name string, lineNo int, line []byte) (*graph.Batch, *ingest.RowError) {
	var rec record
	if err := json.Unmarshal(line, &rec); err != nil {
		reason := err.Error()
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			reason = fmt.Sprintf("%s: want %s, got a JSON %s", te.Field, te.Type, te.Value)
		}
		return nil, &ingest.RowError{File: name, Line: lineNo, Record: shorten(line), Reason: "invalid JSON record: " + reason}
	}
	rec.ID = strings.TrimSpace(rec.ID)
	rec.Schema = strings.TrimSpace(rec.Schema)
	if rec.ID == "" {
		return nil, &ingest.RowError{File: name, Line: lineNo, Column: "id", Record: shorten(line), Reason: "record has no id"}
	}
	if rec.Schema == "" {
		return nil, &ingest.RowError{File: name, Line: lineNo, Column: "schema", Record: rec.ID, Reason: "record has no schema"}
	}
	if e := p.ids.Seen(name, "id", rec.ID, lineNo); e != nil {
		return nil, e
	}
	m := mapper{p: p, rec: &rec, file: name, line: lineNo, b: new(graph.Batch)}
	var e *ingest.RowError
	switch {
	case entityKinds[rec.Schema] != "":
		e = m.entity()
	case rec.Schema == "Sanction":
		e = m.sanction()
	case rec.Schema == "Ownership":
		e = m.ownership()
	case rec.Schema == "Directorship" || rec.Schema == "Control":
		e = m.control()
	case linkSchemas[rec.Schema].typ != "":
		e = m.link()
	case rec.Schema == "Address" || rec.Schema == "Passport" || rec.Schema == "Identification":
		// Used through the entities that reference them (first pass).
	default:
		p.stats.Ignored[rec.Schema]++
		return nil, nil
	}
	if e != nil {
		return nil, e
	}
	p.stats.Schemas[rec.Schema]++
	return m.b, nil
}

// sortedKeys returns the keys of m in order (stable reports).
func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// String summarises s in one line per fact.
func (s Stats) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "lines %d, bad %d\n", s.Lines, s.Bad)
	for _, k := range sortedKeys(s.Schemas) {
		fmt.Fprintf(&b, "schema %s: %d\n", k, s.Schemas[k])
	}
	for _, k := range sortedKeys(s.Ignored) {
		fmt.Fprintf(&b, "ignored %s: %d\n", k, s.Ignored[k])
	}
	fmt.Fprintf(&b, "unparsed percentages %d, unresolved addresses %d, self-ownership %d\n",
		len(s.UnparsedPercentages), s.UnresolvedAddresses, s.SelfOwnership)
	fmt.Fprintf(&b, "emitted %+v\n", s.Counts)
	return b.String()
}
