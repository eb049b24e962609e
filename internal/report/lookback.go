package report

import (
	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// LookbackHeader names the columns a lookback screening (ScreenMeta.Lookback,
// issue 17 item 2) adds after ScreenHeader's: the row's date and, per
// regime, the status as of the screening's as-of date. The <regime>_status
// columns then hold the status as of the row's date.
func LookbackHeader(regimes []graph.Regime) []string {
	h := []string{"date"}
	for _, r := range regimes {
		h = append(h, string(r)+"_status_today")
	}
	return h
}

// LookbackCells are row's cells under LookbackHeader: its date (empty for
// a row without one, screened as of the as-of date) and per regime its
// status today (for a row without a date, its status; empty without a
// verdict).
func LookbackCells(row *queries.ScreenRow, regimes []graph.Regime) []string {
	cells := []string{string(row.Input.Date)}
	for _, r := range regimes {
		cells = append(cells, string(StatusToday(row, r)))
	}
	return cells
}

// StatusToday is row's status under r as of the screening's as-of date:
// the verdict's StatusToday for a dated row, its Status otherwise; empty
// when the row has no verdict under r.
func StatusToday(row *queries.ScreenRow, r graph.Regime) graph.Status {
	v := rowVerdict(row, r)
	switch {
	case v == nil:
		return ""
	case v.StatusToday != "":
		return v.StatusToday
	}
	return v.Status
}

// rowAsOf is the date row's verdicts were decided as of: its own date, or
// the screening's.
func rowAsOf(row *queries.ScreenRow, meta ScreenMeta) graph.Date {
	if row.Input.Date != "" {
		return row.Input.Date
	}
	return meta.AsOf
}
