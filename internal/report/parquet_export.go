package report

import (
	"fmt"
	"io"

	"github.com/ownex/ownex/graph"
)

// The records of `ownex export parquet DIR` (besides verdicts.parquet,
// ParquetVerdict rows): one file per kind, one row per record as stored,
// every version in force or not (dates say when), typed as parquet.go
// says. Each relation carries its store key and the load that last wrote
// it (graph.DumpSink).

// ParquetEntity is a row of entities.parquet.
type ParquetEntity struct {
	ID          string              `parquet:"id"`
	Kind        graph.Kind          `parquet:"kind,dict"`
	Name        string              `parquet:"name"`
	Aliases     []string            `parquet:"aliases,list"`
	WeakAliases []string            `parquet:"weak_aliases,list"`
	Identifiers []ParquetIdentifier `parquet:"identifiers,list"`
	Countries   []string            `parquet:"countries,list"`
	// Addresses and Facts are JSON arrays as in graph.Entity's JSON,
	// null when none.
	Addresses []byte `parquet:"addresses,optional,json"`
	Facts     []byte `parquet:"facts,optional,json"`
	// Stub: a relation endpoint that no entity record described.
	Stub   bool   `parquet:"stub"`
	LoadID int64  `parquet:"load_id"`
	Since  *int32 `parquet:"since,date"`
	Source string `parquet:"source,optional"`
	Record string `parquet:"record,optional"`
}

// ParquetIdentifier is an entity's identifier; country is null when not
// given.
type ParquetIdentifier struct {
	Scheme  string `parquet:"scheme"`
	Value   string `parquet:"value"`
	Country string `parquet:"country,optional"`
}

// ParquetHolding is a row of holdings.parquet: the share and votes bounds
// with their openness (an unknown share is [0, 100], both closed).
type ParquetHolding struct {
	Owner string `parquet:"owner"`
	Owned string `parquet:"owned"`
	ParquetBounds
	Arrangement string `parquet:"arrangement,optional"`
	Start       *int32 `parquet:"start,date"`
	End         *int32 `parquet:"end,date"`
	ParquetStored
}

// ParquetControl is a row of control.parquet.
type ParquetControl struct {
	Controller string      `parquet:"controller"`
	Controlled string      `parquet:"controlled"`
	Basis      graph.Basis `parquet:"basis,dict"`
	Start      *int32      `parquet:"start,date"`
	End        *int32      `parquet:"end,date"`
	ParquetStored
}

// ParquetDesignation is a row of designations.parquet.
type ParquetDesignation struct {
	Entity   string       `parquet:"entity"`
	Regime   graph.Regime `parquet:"regime,dict"`
	Program  string       `parquet:"program,optional"`
	Listed   *int32       `parquet:"listed,date"`
	Delisted *int32       `parquet:"delisted,date"`
	ParquetStored
}

// ParquetStored are the columns every relation ends with: its provenance
// (source, record; null when not given), the key it is stored under (the
// record's identity: a source's own id, graph.Holding.Ref, and a holding's
// rank among its source's rows, graph.Holding.Nth, exist only in the key,
// so they are not columns of their own) and the load that last wrote it.
type ParquetStored struct {
	Source string `parquet:"source,optional"`
	Record string `parquet:"record,optional"`
	Key    string `parquet:"key"`
	LoadID int64  `parquet:"load_id"`
}

// ParquetDumpCounts counts the rows a ParquetDump wrote.
type ParquetDumpCounts struct {
	Entities, Holdings, Controls, Designations int
}

// ParquetDump is a graph.DumpSink that writes entities, holdings, control
// edges and designations as Parquet; the load log, same-as links, links
// and earlier versions are not part of the export and are ignored. Close
// writes the footers; it does not close the io.Writers.
type ParquetDump struct {
	entities     *pqWriter[ParquetEntity]
	holdings     *pqWriter[ParquetHolding]
	controls     *pqWriter[ParquetControl]
	designations *pqWriter[ParquetDesignation]
	Counts       ParquetDumpCounts
}

// NewParquetDump writes each kind of record to its writer.
func NewParquetDump(entities, holdings, controls, designations io.Writer) *ParquetDump {
	return &ParquetDump{
		entities:     newPQWriter[ParquetEntity](entities, "entities"),
		holdings:     newPQWriter[ParquetHolding](holdings, "holdings"),
		controls:     newPQWriter[ParquetControl](controls, "control"),
		designations: newPQWriter[ParquetDesignation](designations, "designations"),
	}
}

// Load ignores the load log.
func (d *ParquetDump) Load(*graph.LoadRecord) error { return nil }

// Identifier ignores the identifiers that come before the entities (each
// entity brings its own).
func (d *ParquetDump) Identifier(graph.Identifier) {}

// Entity writes one entity.
func (d *ParquetDump) Entity(e *graph.StoredEntity) error {
	since, err := pqDate(e.Since)
	if err != nil {
		return fmt.Errorf("entity %s: since: %w", e.ID, err)
	}
	addrs, err := pqJSON(e.Addresses)
	if err != nil {
		return err
	}
	facts, err := pqJSON(e.Facts)
	if err != nil {
		return err
	}
	var ids []ParquetIdentifier
	for _, id := range e.Identifiers {
		ids = append(ids, ParquetIdentifier(id))
	}
	d.Counts.Entities++
	return d.entities.add(ParquetEntity{ID: e.ID, Kind: e.Kind, Name: e.Name, Aliases: e.Aliases, WeakAliases: e.WeakAliases,
		Identifiers: ids, Countries: e.Countries, Addresses: addrs, Facts: facts, Stub: e.Stub, LoadID: e.LoadID,
		Since: since, Source: e.Source, Record: e.Record})
}

// Designation writes one designation.
func (d *ParquetDump) Designation(key string, loadID int64, g *graph.Designation) error {
	listed, delisted, err := pqSpan(graph.Span{Start: g.Listed, End: g.Delisted})
	if err != nil {
		return fmt.Errorf("designation %s: %w", key, err)
	}
	d.Counts.Designations++
	return d.designations.add(ParquetDesignation{Entity: g.Entity, Regime: g.Regime, Program: g.Program,
		Listed: listed, Delisted: delisted, ParquetStored: ParquetStored{g.Source, g.Record, key, loadID}})
}

// Holding writes one holding.
func (d *ParquetDump) Holding(key string, loadID int64, h *graph.Holding) error {
	start, end, err := pqSpan(h.Span)
	if err != nil {
		return fmt.Errorf("holding %s: %w", key, err)
	}
	d.Counts.Holdings++
	return d.holdings.add(ParquetHolding{Owner: h.Owner, Owned: h.Owned,
		ParquetBounds: pqBounds(h.Share, h.Votes),
		Arrangement:   h.Arrangement, Start: start, End: end,
		ParquetStored: ParquetStored{h.Source, h.Record, key, loadID}})
}

// Control writes one control edge.
func (d *ParquetDump) Control(key string, loadID int64, c *graph.Control) error {
	start, end, err := pqSpan(c.Span)
	if err != nil {
		return fmt.Errorf("control %s: %w", key, err)
	}
	d.Counts.Controls++
	return d.controls.add(ParquetControl{Controller: c.Controller, Controlled: c.Controlled, Basis: c.Basis,
		Start: start, End: end, ParquetStored: ParquetStored{c.Source, c.Record, key, loadID}})
}

// SameAs ignores same-as links.
func (d *ParquetDump) SameAs(string, int64, *graph.SameAs) error { return nil }

// Link ignores links.
func (d *ParquetDump) Link(string, int64, *graph.Link) error { return nil }

// Version ignores earlier versions of entity records.
func (d *ParquetDump) Version(string, *graph.EntityVersion) error { return nil }

// Close writes the four files' buffered rows and footers.
func (d *ParquetDump) Close() error {
	for _, c := range []interface{ Close() error }{d.entities, d.holdings, d.controls, d.designations} {
		if err := c.Close(); err != nil {
			return err
		}
	}
	return nil
}

// pqSpan converts a validity span to two DATE columns.
func pqSpan(s graph.Span) (start, end *int32, err error) {
	if start, err = pqDate(s.Start); err != nil {
		return nil, nil, fmt.Errorf("start: %w", err)
	}
	if end, err = pqDate(s.End); err != nil {
		return nil, nil, fmt.Errorf("end: %w", err)
	}
	return start, end, nil
}
