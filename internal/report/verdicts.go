package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// Format names an analysis output format.
type Format string

// Analysis output formats (DESIGN.md, command line contract).
const (
	FormatTable Format = "table"
	FormatJSONL Format = "jsonl"
	FormatCSV   Format = "csv"
	// FormatParquet is binary: one ParquetVerdict row per verdict
	// (parquet_verdicts.go).
	FormatParquet Format = "parquet"
)

// ParseFormat checks s against the analysis formats.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case FormatTable, FormatJSONL, FormatCSV, FormatParquet:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q: want table, jsonl, csv or parquet", s)
}

// VerdictWriter receives the verdicts of one entity at a time, one per
// regime analysed, and writes them out.
type VerdictWriter interface {
	// WriteEntity writes the verdicts of one entity (same ID, one per regime).
	WriteEntity(vs []graph.Verdict) error
	// Close flushes buffered output; it does not close the io.Writer.
	Close() error
}

// NewVerdictWriter returns a writer for format f. regimes fixes the
// columns of the table format. all keeps clear verdicts; without it a
// clear verdict is kept only when it has possible links (the flags
// possibly-same-as or possibly-exposed).
func NewVerdictWriter(w io.Writer, f Format, regimes []graph.Regime, all bool) VerdictWriter {
	switch f {
	case FormatJSONL:
		return &jsonlWriter{enc: json.NewEncoder(w), all: all}
	case FormatCSV:
		return newCSVWriter(w, all)
	case FormatParquet:
		return NewParquetVerdicts(w, all)
	default:
		return newTableWriter(w, regimes, all)
	}
}

// Record is the JSON-lines and CSV shape of one (entity, regime) verdict.
type Record struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Party is the id that stands for the record's party (graph.Verdict):
	// one line per record, so that joins by id keep working, and the
	// records of one party share Party and their verdicts.
	Party    string       `json:"party"`
	Regime   graph.Regime `json:"regime"`
	Status   graph.Status `json:"status"`
	ShareMin graph.Pct    `json:"share_min"`
	ShareMax graph.Pct    `json:"share_max"`
	VotesMin graph.Pct    `json:"votes_min"`
	VotesMax graph.Pct    `json:"votes_max"`
	// ShareRange and VotesRange give the same ranges in interval notation,
	// with their open or closed bounds: "50", "25-50", "(25,50]".
	ShareRange string       `json:"share_range"`
	VotesRange string       `json:"votes_range"`
	Flags      []graph.Flag `json:"flags"`
	// The possible links behind the flags possibly-same-as and
	// possibly-exposed (graph.Verdict), left out when there are none.
	PossiblySameAs     []graph.PossibleLink `json:"possibly_same_as,omitempty"`
	PossiblyExposedVia []graph.PossibleLink `json:"possibly_exposed_via,omitempty"`
	PossibleStatus     graph.Status         `json:"possible_status,omitempty"`
}

// csvHeader is the CSV output's header: Record's fields, the possible
// links (as text, PossibleList) and the party last, so that the earlier
// columns keep their places.
var csvHeader = []string{"id", "name", "regime", "status", "share_min", "share_max", "votes_min", "votes_max",
	"share_range", "votes_range", "flags", "possibly_same_as", "possibly_exposed_via", "possible_status", "party"}

// shown reports whether a writer keeps v: every verdict with all, else
// those that are not clear and those with possible links.
func shown(v graph.Verdict, all bool) bool {
	return all || queries.Shown(v)
}

// NewRecord flattens a verdict.
func NewRecord(v graph.Verdict) Record {
	flags := v.Flags
	if flags == nil {
		flags = []graph.Flag{}
	}
	return Record{ID: v.Entity, Name: v.Name, Party: v.Party, Regime: v.Regime, Status: v.Status,
		ShareMin: v.Share.Lo, ShareMax: v.Share.Hi, VotesMin: v.Votes.Lo, VotesMax: v.Votes.Hi,
		ShareRange: v.Share.String(), VotesRange: v.Votes.String(), Flags: flags,
		PossiblySameAs: v.PossiblySameAs, PossiblyExposedVia: v.PossiblyExposedVia, PossibleStatus: v.PossibleStatus}
}

type jsonlWriter struct {
	enc *json.Encoder
	all bool
}

func (j *jsonlWriter) WriteEntity(vs []graph.Verdict) error {
	for _, v := range vs {
		if !shown(v, j.all) {
			continue
		}
		if err := j.enc.Encode(NewRecord(v)); err != nil {
			return fmt.Errorf("write jsonl: %w", err)
		}
	}
	return nil
}

func (j *jsonlWriter) Close() error { return nil }

type csvWriter struct {
	w      *safeCSV
	all    bool
	header bool
}

// newCSVWriter writes csvHeader's columns, text cells neutralised against
// formula injection (csvsafe.go).
func newCSVWriter(w io.Writer, all bool) *csvWriter {
	return &csvWriter{w: newSafeCSV(w, csvHeader), all: all}
}

func (c *csvWriter) WriteEntity(vs []graph.Verdict) error {
	if !c.header {
		c.header = true
		if err := c.w.WriteHeader(); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	for _, v := range vs {
		if !shown(v, c.all) {
			continue
		}
		r := NewRecord(v)
		row := []string{r.ID, r.Name, string(r.Regime), string(r.Status), r.ShareMin.String(), r.ShareMax.String(),
			r.VotesMin.String(), r.VotesMax.String(), r.ShareRange, r.VotesRange, joinFlags(r.Flags, ";"),
			PossibleList(r.PossiblySameAs, r.ID), PossibleList(r.PossiblyExposedVia, r.ID), string(r.PossibleStatus), r.Party}
		if err := c.w.Write(row); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	return nil
}

func (c *csvWriter) Close() error {
	if !c.header {
		c.header = true
		_ = c.w.WriteHeader()
	}
	return c.w.Flush()
}

func joinFlags(fs []graph.Flag, sep string) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = string(f)
	}
	return strings.Join(parts, sep)
}
