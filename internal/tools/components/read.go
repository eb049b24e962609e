package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	csvsrc "github.com/ownex/ownex/ingest/csv"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// ReadCSV adds to g every record of the generic CSV files in dir (every
// *.csv file; the csv ingester detects each file's kind from its header
// and fails, strictly, on the first bad row).
func ReadCSV(ctx context.Context, dir string, g *Graph) error {
	names, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	var files []string
	for _, e := range names {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	if len(files) == 0 {
		return fmt.Errorf("read %s: no .csv file", dir)
	}
	sort.Strings(files)
	err = csvsrc.New().Parse(ctx, files, ingest.ParseOptions{}, func(b *graph.Batch) error { return addBatch(g, b) })
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	return nil
}

// addBatch adds the records of b to g.
func addBatch(g *Graph, b *graph.Batch) error {
	for i := range b.Entities {
		if err := g.AddEntity(b.Entities[i].ID); err != nil {
			return err
		}
	}
	for i := range b.Designations {
		if err := g.AddDesignation(b.Designations[i].Entity); err != nil {
			return err
		}
	}
	for i := range b.Holdings {
		if err := g.AddHolding(b.Holdings[i].Owner, b.Holdings[i].Owned); err != nil {
			return err
		}
	}
	for i := range b.Controls {
		if err := g.AddControl(b.Controls[i].Controller, b.Controls[i].Controlled); err != nil {
			return err
		}
	}
	for _, l := range b.SameAs {
		g.AddSameAs(l)
	}
	return nil
}

// ReadStore adds to g every record of the SQLite store at path, as its
// Dump gives them (stubs included), opening it read-only.
func ReadStore(ctx context.Context, path string, g *Graph) error {
	st, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Dump(ctx, dumpSink{g}); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// dumpSink adds the entities and relations of a store dump to a Graph
// and ignores the rest (load log, identifiers, links, earlier versions).
type dumpSink struct{ g *Graph }

func (dumpSink) Load(*graph.LoadRecord) error                      { return nil }
func (dumpSink) Identifier(graph.Identifier)                       {}
func (s dumpSink) Entity(e *graph.StoredEntity) error              { return s.g.AddEntity(e.ID) }
func (dumpSink) Link(string, int64, *graph.Link) error             { return nil }
func (dumpSink) Version(string, *graph.EntityVersion) error        { return nil }
func (s dumpSink) SameAs(_ string, _ int64, l *graph.SameAs) error { s.g.AddSameAs(*l); return nil }
func (s dumpSink) Designation(_ string, _ int64, d *graph.Designation) error {
	return s.g.AddDesignation(d.Entity)
}
func (s dumpSink) Holding(_ string, _ int64, h *graph.Holding) error {
	return s.g.AddHolding(h.Owner, h.Owned)
}
func (s dumpSink) Control(_ string, _ int64, c *graph.Control) error {
	return s.g.AddControl(c.Controller, c.Controlled)
}
