package graph

import (
	"context"
	"time"
)

// SavedRun describes an analysis kept under a name (`ownex analyze --save
// NAME`) so that a later run can be compared with it (`ownex diff`).
type SavedRun struct {
	// Name identifies the run; saving the same name again replaces the
	// earlier run and all its verdicts.
	Name string `json:"name"`
	// AsOf is the date the analysis was made as of.
	AsOf Date `json:"as_of"`
	// Regimes are the regimes analysed, in analysis order.
	Regimes []Regime `json:"regimes"`
	// Created is when the run was saved (set by SaveRun when zero).
	Created time.Time `json:"created"`
	// Entities is the number of entities analysed (per regime).
	Entities int `json:"entities"`
	// Verdicts is the number of non-clear verdicts kept (set by SaveRun).
	Verdicts int `json:"verdicts"`
}

// RunStore keeps saved analysis runs.
type RunStore interface {
	// SaveRun keeps run with its non-clear verdicts (clear verdicts are
	// skipped, so callers may pass every verdict): entity, name, regime,
	// status, share and votes ranges (with open bounds) and flags; proofs
	// are not kept. Saving a name that exists replaces that run: its
	// earlier verdicts are gone once SaveRun returns, and a failed SaveRun
	// leaves the earlier run in place. run.Created is set to now when zero.
	SaveRun(ctx context.Context, run SavedRun, verdicts func(yield func(Verdict) bool)) error
	// LoadRun returns a saved run and its non-clear verdicts ordered by
	// regime then entity ID (byte order), or an error wrapping ErrNotFound.
	LoadRun(ctx context.Context, name string) (SavedRun, []Verdict, error)
	// Runs lists the saved runs, oldest first (then by name).
	Runs(ctx context.Context) ([]SavedRun, error)
}
