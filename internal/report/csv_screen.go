package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// ScreenCSV writes a screening as CSV: ScreenHeader's columns with the
// proof as a text tree per regime, one row per counterparty, the header
// written even when there is no row. `ownex screen` and the HTTP API
// both use it.
//
// Cells of text columns (names, ids, reasons, proofs, why, problems) are
// neutralised against formula injection; numeric columns are written as
// formatted (csvsafe.go).
type ScreenCSV struct {
	w        *safeCSV
	regimes  []graph.Regime
	lookback bool
	header   bool
}

// NewScreenCSV starts a screening CSV with the columns of regimes.
func NewScreenCSV(w io.Writer, regimes []graph.Regime) *ScreenCSV {
	return NewScreenCSVMeta(w, ScreenMeta{Regimes: regimes})
}

// NewScreenCSVMeta starts a screening CSV with the columns of
// meta.Regimes, and LookbackHeader's after them when meta.Lookback.
func NewScreenCSVMeta(w io.Writer, meta ScreenMeta) *ScreenCSV {
	h := ScreenHeader(meta.Regimes, true)
	if meta.Lookback {
		h = append(h, LookbackHeader(meta.Regimes)...)
	}
	return &ScreenCSV{w: newSafeCSV(w, h), regimes: meta.Regimes, lookback: meta.Lookback}
}

func (c *ScreenCSV) writeHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	return c.w.WriteHeader()
}

// WriteRow writes one counterparty's outcome.
func (c *ScreenCSV) WriteRow(row queries.ScreenRow) error {
	if err := c.writeHeader(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	cells := ScreenCells(&row, c.regimes, true)
	if c.lookback {
		cells = append(cells, LookbackCells(&row, c.regimes)...)
	}
	if err := c.w.Write(cells); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// Close writes the header if no row came and flushes.
func (c *ScreenCSV) Close(queries.ScreenStats) error {
	if err := c.writeHeader(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if err := c.w.Flush(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// ScreenJSONL writes a screening as JSON lines: one queries.ScreenRow per
// line (its JSON tags are the format: the input row with birth_date, the
// match with party, possibly_same and why, the verdicts with proofs).
type ScreenJSONL struct{ enc *json.Encoder }

// NewScreenJSONL starts a screening in JSON lines.
func NewScreenJSONL(w io.Writer) *ScreenJSONL { return &ScreenJSONL{enc: json.NewEncoder(w)} }

// WriteRow writes one counterparty's outcome.
func (j *ScreenJSONL) WriteRow(row queries.ScreenRow) error {
	if err := j.enc.Encode(row); err != nil {
		return fmt.Errorf("write jsonl: %w", err)
	}
	return nil
}

// Close does nothing: every line is written by WriteRow.
func (j *ScreenJSONL) Close(queries.ScreenStats) error { return nil }
