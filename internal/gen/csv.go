package gen

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ownex/ownex/graph"
)

// WriteCSV writes s as the generic CSV format of ownex (DESIGN.md) into
// dir: entities.csv, designations.csv, ownership.csv and control.csv, so
// that `ownex ingest csv DIR` loads it. Files are written whole or not at
// all (each goes to a temporary name first).
func WriteCSV(s *graph.Snapshot, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	files := []struct {
		name   string
		header []string
		rows   func(emit func([]string) error) error
	}{
		{"entities.csv", []string{"id", "name", "kind", "country"}, func(emit func([]string) error) error {
			for _, e := range s.Entities {
				if err := emit([]string{e.ID, e.Name, string(e.Kind), strings.Join(e.Countries, ";")}); err != nil {
					return err
				}
			}
			return nil
		}},
		{"designations.csv", []string{"entity", "regime", "program", "listed", "delisted", "source"}, func(emit func([]string) error) error {
			for _, d := range s.Designations {
				if err := emit([]string{d.Entity, string(d.Regime), d.Program, string(d.Listed), string(d.Delisted), d.Record}); err != nil {
					return err
				}
			}
			return nil
		}},
		// A holding's source is its source, and its record the record
		// column (the row's identity in the store, graph.Holding.Ref): the
		// holdings of one source on one pair add up, those of two sources
		// are reports of one stake (RULES.md section 2).
		{"ownership.csv", []string{"owner", "owned", "share", "votes", "arrangement", "start", "end", "source", "record"}, func(emit func([]string) error) error {
			for _, h := range s.Holdings {
				if err := emit([]string{h.Owner, h.Owned, shareText(h.Share), shareText(h.Votes), h.Arrangement, string(h.Start), string(h.End), h.Source, h.Record}); err != nil {
					return err
				}
			}
			return nil
		}},
		{"control.csv", []string{"controller", "controlled", "basis", "start", "end", "source"}, func(emit func([]string) error) error {
			for _, c := range s.Controls {
				if err := emit([]string{c.Controller, c.Controlled, string(c.Basis), string(c.Start), string(c.End), c.Record}); err != nil {
					return err
				}
			}
			return nil
		}},
	}
	for _, f := range files {
		if err := writeFile(filepath.Join(dir, f.name), f.header, f.rows); err != nil {
			return err
		}
	}
	return nil
}

// shareText writes a range in the generic CSV syntax ("" for unknown).
func shareText(r graph.Range) string {
	if r.IsUnknown() {
		return ""
	}
	return r.String()
}

func writeFile(path string, header []string, rows func(func([]string) error) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	err = w.Write(header)
	if err == nil {
		err = rows(w.Write)
	}
	if w.Flush(); err == nil {
		err = w.Error()
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("gen: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}
