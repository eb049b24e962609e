package uk

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// Format and list names.
const (
	SourceName = "uk"      // the format name and provenance source of FCDO records
	ListFCDO   = "uk"      // the FCDO UK Sanctions List (CSV or XML)
	ListOFSI   = "uk-ofsi" // the retired OFSI Consolidated List; also the provenance source of its records
)

// New returns the UK sanctions list source.
func New() ingest.Source { return source{} }

type source struct{}

func (source) Name() string { return SourceName }

// variant is the kind of a UK file, detected from its content.
type variant int

const (
	variantFCDOCSV variant = iota + 1
	variantFCDOXML
	variantConList
)

func (v variant) list() string {
	if v == variantConList {
		return ListOFSI
	}
	return ListFCDO
}

// Parse implements ingest.Source. Files are read one at a time, in the
// order given; names are resolved within each file.
func (source) Parse(ctx context.Context, files []string, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	return ingest.EachFile(ctx, files, func(name string, r io.Reader) error {
		return parse(ctx, name, r, opt, emit)
	})
}

// ListInfo implements ingest.ListSource: "uk" for FCDO files, "uk-ofsi"
// for ConList files, published on the latest Report Date / DateGenerated /
// Last Updated of the files. Files of both lists in one load are an error.
func (source) ListInfo(ctx context.Context, files []string) (string, graph.Date, error) {
	var list string
	var published graph.Date
	err := ingest.EachFile(ctx, files, func(name string, r io.Reader) error {
		l, d, err := fileInfo(name, r)
		if err != nil {
			return err
		}
		if list != "" && l != list {
			return fmt.Errorf("%s: a %s file cannot be loaded with %s files: load each list on its own", name, l, list)
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

func fileInfo(name string, r io.Reader) (string, graph.Date, error) {
	br := newBuffered(r)
	if isXML(br) {
		d, err := xmlDate(name, br)
		return ListFCDO, d, err
	}
	h, err := readCSVHead(name, newCSV(br))
	if err != nil {
		return "", "", err
	}
	if h.metaErr != nil {
		return "", "", h.metaErr
	}
	return h.variant.list(), h.published, nil
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// newBuffered wraps r and drops a UTF-8 byte order mark.
func newBuffered(r io.Reader) *bufio.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, bom) {
		br.Discard(3)
	}
	return br
}

// isXML reports whether the first non-blank byte is '<'.
func isXML(br *bufio.Reader) bool {
	for n := 1; n <= 4096; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			return false
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\r', '\n':
			if err != nil {
				return false
			}
			continue
		case '<':
			return true
		default:
			return false
		}
	}
	return false
}

// reader holds the state of the parse of one file.
type reader struct {
	*ingest.Batcher
	ctx  context.Context
	name string
	ids  ingest.IDLines // UniqueIDs of the XML form (the CSV form gives one row per name of a record)
}

// parse reads one file and emits its records.
func parse(ctx context.Context, name string, rd io.Reader, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	p := &reader{Batcher: ingest.NewBatcher(ctx, opt, emit), ctx: ctx, name: name}
	br := newBuffered(rd)
	var (
		raws   []*raw
		source = SourceName
		err    error
	)
	if isXML(br) {
		raws, err = p.readXML(br)
	} else {
		var v variant
		raws, v, err = p.readCSV(br)
		if v == variantConList {
			source = ListOFSI
		}
	}
	if err != nil {
		return err
	}
	recs := make([]*rec, 0, len(raws))
	for _, r := range raws {
		c, e := convert(name, r, source)
		if e != nil {
			if err := p.Bad(e); err != nil {
				return err
			}
			continue
		}
		recs = append(recs, c)
	}
	// The file's records in order, batch boundaries anywhere.
	if err := p.AddEach(link(recs, source)); err != nil {
		return err
	}
	return p.Flush()
}

// ---- CSV (FCDO and ConList) ----

// newCSV returns the CSV reader of one file (ingest.CSVReader: records
// bounded, Recover after a quote never closed).
func newCSV(r io.Reader) *ingest.CSVReader { return ingest.NewCSVReader(r, 0) }

// csvHead is what the first lines of a CSV file say.
type csvHead struct {
	variant   variant
	published graph.Date
	metaErr   *ingest.RowError // a bad date on the metadata line
	col       map[string]int   // canonical field -> column index
	n         int              // header width
	line      int              // header line
}

// conListColumns maps ConList header names onto canonical fields.
var conListColumns = map[string]string{
	"dob": fDOB, "nationality": fNationality, "passport details": fPassportInfo,
	"national identification number": fNatID, "national identification details": fNatIDInfo,
	"address 1": addressFields[0], "address 2": addressFields[1], "address 3": addressFields[2],
	"address 4": addressFields[3], "address 5": addressFields[4], "address 6": addressFields[5],
	"post/zip code": fPostal, "country": fCountry, "group type": fDesigType, "alias type": fNameType,
	"alias quality": fAliasStrength, "regime": fRegime, "listed on": fDateDesig, "group id": fUniqueID,
	"uk sanctions list date designated": "", "name non-latin script": fNonLatin,
}

func normHeader(s string) string { return strings.ToLower(ingest.Clean(s)) }

func readCSVHead(name string, cr *ingest.CSVReader) (*csvHead, error) {
	rec, err := cr.Read()
	if err == io.EOF {
		return nil, &ingest.RowError{File: name, Line: 1, Reason: "empty file: want a UK sanctions list"}
	}
	if err != nil {
		return nil, ingest.CSVError(name, err)
	}
	h := &csvHead{}
	first := normHeader(rec[0])
	hasCol := func(rec []string, c string) bool {
		for _, f := range rec {
			if normHeader(f) == c {
				return true
			}
		}
		return false
	}
	meta := ""
	metaLine, _ := cr.FieldPos(0)
	switch {
	case strings.HasPrefix(first, "report date"):
		_, meta, _ = strings.Cut(rec[0], ":")
		if meta == "" && len(rec) > 1 {
			meta = rec[1]
		}
	case first == "last updated" && !hasCol(rec, fUniqueID) && !hasCol(rec, "group id"):
		if len(rec) > 1 {
			meta = rec[1]
		}
	default:
		metaLine = 0 // no metadata line: rec is the header
	}
	if metaLine > 0 {
		d, err := parseListDate(meta)
		if err != nil {
			h.metaErr = &ingest.RowError{File: name, Line: metaLine, Record: shorten(rec),
				Reason: "bad publication date: " + err.Error()}
		}
		h.published = d
		if rec, err = cr.Read(); err == io.EOF {
			return nil, &ingest.RowError{File: name, Line: metaLine + 1, Reason: "no header row after the metadata line"}
		} else if err != nil {
			return nil, ingest.CSVError(name, err)
		}
	}
	h.line, _ = cr.FieldPos(0)
	h.n = len(rec)
	h.col = make(map[string]int, len(rec))
	switch {
	case hasCol(rec, fUniqueID):
		h.variant = variantFCDOCSV
	case hasCol(rec, "group id"):
		h.variant = variantConList
	default:
		return nil, &ingest.RowError{File: name, Line: h.line, Record: shorten(rec),
			Reason: "not a UK sanctions list: the header has neither Unique ID (FCDO) nor Group ID (OFSI ConList)"}
	}
	for i, c := range rec {
		c = normHeader(c)
		if h.variant == variantConList {
			if m, ok := conListColumns[c]; ok {
				c = m
			}
		}
		if c == "" {
			continue
		}
		if _, dup := h.col[c]; dup {
			return nil, &ingest.RowError{File: name, Line: h.line, Column: rec[i], Record: shorten(rec),
				Reason: "column appears more than once in the header"}
		}
		h.col[c] = i
	}
	required := []string{fUniqueID, nameFields[5], fDesigType, fRegime}
	for _, c := range required {
		if _, ok := h.col[c]; !ok {
			return nil, &ingest.RowError{File: name, Line: h.line, Column: columnName(h.variant, c), Record: shorten(rec),
				Reason: "required column is missing from the header"}
		}
	}
	return h, nil
}

// columnName is the published name of canonical field c, for errors.
func columnName(v variant, c string) string {
	if v == variantConList {
		for k, m := range conListColumns {
			if m == c {
				return k
			}
		}
	}
	return c
}

// readCSV reads a FCDO or ConList CSV file into designations, grouping
// rows by Unique ID / Group ID in order of first appearance.
func (p *reader) readCSV(br *bufio.Reader) ([]*raw, variant, error) {
	cr := newCSV(br)
	h, err := readCSVHead(p.name, cr)
	if err != nil {
		return nil, 0, err
	}
	if h.metaErr != nil {
		if err := p.Bad(h.metaErr); err != nil {
			return nil, h.variant, err
		}
	}
	var out []*raw
	byID := make(map[string]*raw)
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, h.variant, nil
		}
		if err != nil {
			e := ingest.CSVError(p.name, err)
			if perr := p.Bad(e); perr != nil {
				return nil, h.variant, perr
			}
			// A row that failed across lines (a quote never closed) is
			// skipped from the line after its first (ingest.CSVReader).
			if rerr := cr.Recover(err); rerr != nil {
				return nil, h.variant, ingest.CSVError(p.name, rerr)
			}
			continue
		}
		if rows++; rows&1023 == 0 {
			if err := p.ctx.Err(); err != nil {
				return nil, h.variant, err
			}
		}
		line, _ := cr.FieldPos(0)
		if e := p.row(h, cr, rec, line, byID, &out); e != nil {
			if perr := p.Bad(e); perr != nil {
				return nil, h.variant, perr
			}
		}
	}
}

// row merges one CSV row into its designation.
func (p *reader) row(h *csvHead, cr *ingest.CSVReader, rec []string, line int, byID map[string]*raw, out *[]*raw) *ingest.RowError {
	errorf := func(c, format string, args ...any) *ingest.RowError {
		l := line
		col := ""
		if c != "" {
			col = columnName(h.variant, c)
			if i, ok := h.col[c]; ok && i < len(rec) {
				if fl, _ := cr.FieldPos(i); fl > 0 {
					l = fl
				}
			}
		}
		return &ingest.RowError{File: p.name, Line: l, Column: col, Record: shorten(rec), Reason: fmt.Sprintf(format, args...)}
	}
	if len(rec) != h.n {
		return errorf("", "row has %d fields, the header has %d", len(rec), h.n)
	}
	get := func(c string) string {
		if i, ok := h.col[c]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	id := get(fUniqueID)
	if id == "" {
		return errorf(fUniqueID, "required value is empty")
	}
	if k := get(fDesigType); k == "" {
		return errorf(fDesigType, "record %s: required value is empty", id)
	} else if _, ok := parseKind(k); !ok {
		return errorf(fDesigType, "record %s: unknown designation type %q: want Individual, Entity or Ship", id, k)
	}
	if _, err := parseDMY(get(fDateDesig)); err != nil {
		return errorf(fDateDesig, "record %s: %v", id, err)
	}
	r := byID[id]
	if r == nil {
		r = newRaw(id, line, shorten(rec))
		byID[id] = r
		*out = append(*out, r)
	}
	r.setKind(get(fDesigType))
	r.setRegime(get(fRegime))
	r.setListed(get(fDateDesig))
	var n nameRow
	for i, c := range nameFields {
		n.parts[i] = get(c)
	}
	n.typ, n.strength = get(fNameType), get(fAliasStrength)
	r.addName(n)
	var a rawAddr
	for i, c := range addressFields {
		a.lines[i] = get(c)
	}
	a.postal, a.country = get(fPostal), get(fCountry)
	r.addAddress(a)
	r.add(fBirthPlace, birthPlace(get(fTownOfBirth), get(fCountryBirth)))
	for _, f := range listFields {
		if f != fBirthPlace {
			r.add(f, get(f))
		}
	}
	return nil
}

// shorten joins a record for error messages, at most 200 bytes.
func shorten(rec []string) string { return ingest.Shorten(strings.Join(rec, ",")) }
