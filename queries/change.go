package queries

import (
	"fmt"

	"github.com/ownex/ownex/graph"
)

// Kinds of dated record changes: what `ownex diff` gives as causes and
// `ownex timeline` as events. A change is dated by the record's own
// listed, delisted, start or end date (RULES.md section 2, as-of).
const (
	ChangeDesignationStarted = "designation-started"
	ChangeDesignationEnded   = "designation-ended"
	ChangeHoldingStarted     = "holding-started"
	ChangeHoldingEnded       = "holding-ended"
	ChangeControlStarted     = "control-started"
	ChangeControlEnded       = "control-ended"
	// ChangeListVersion is a version of a list loaded (timeline only).
	ChangeListVersion = "list-version"
)

// DesignationText describes d for a change: "designation of X (ofac SDGT)".
func DesignationText(d graph.Designation) string {
	if d.Program == "" {
		return fmt.Sprintf("designation of %s (%s)", d.Entity, d.Regime)
	}
	return fmt.Sprintf("designation of %s (%s %s)", d.Entity, d.Regime, d.Program)
}

// HoldingText describes h for a change: "holding X → A 50 %".
func HoldingText(h graph.Holding) string {
	return fmt.Sprintf("holding %s → %s %s", h.Owner, h.Owned, ShareText(h.Share))
}

// ShareText words a holding's share for a change: "50 %", "unknown share".
func ShareText(r graph.Range) string {
	if s := r.String(); s != "unknown" {
		return s + " %"
	}
	return "unknown share"
}

// ControlText describes c for a change: "control X → A (director)".
func ControlText(c graph.Control) string {
	return fmt.Sprintf("control %s → %s (%s)", c.Controller, c.Controlled, c.Basis)
}

// ChangeText is the sentence of a change of kind on date d of the record
// described by desc: "<desc> started <d>", "<desc> ended <d>", with
// "(listed)" or "(delisted)" after a designation's.
func ChangeText(kind, desc string, d graph.Date) string {
	switch kind {
	case ChangeDesignationStarted:
		return desc + " started " + string(d) + " (listed)"
	case ChangeDesignationEnded:
		return desc + " ended " + string(d) + " (delisted)"
	case ChangeHoldingStarted, ChangeControlStarted:
		return desc + " started " + string(d)
	}
	return desc + " ended " + string(d)
}
