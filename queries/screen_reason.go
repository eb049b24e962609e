package queries

import (
	"fmt"
	"strings"

	"github.com/ownex/ownex/graph"
)

// Reason summarises a proof in one line, for a results table:
//
//	designated (OFAC SDN, RUSSIA-EO14024)
//	blocked: 30 % held by X (OFAC SDN, RUSSIA-EO14024) + 25 % held by A (blocked through X)
//	owned: 60 % held by Y (UK, RUSSIA) for designated person uk:123
//	controlled: control (board-appointment) by Z (EU, UKRAINE-TERR)
//	undetermined (possible run): up to 60 % held by Y (OFAC SDN, SDGT)
//
// Each counted holding shows its counted share and why its owner counts:
// its designations, or its own status and the parties it got it from.
func Reason(p *graph.Proof) string {
	if p == nil {
		return ""
	}
	switch p.Status {
	case graph.StatusClear:
		return "clear"
	case graph.StatusDesignated:
		return "designated (" + designationLabel(p.Designations) + ")"
	}
	var parts []string
	upTo := ""
	if p.Status == graph.StatusUndetermined {
		upTo = "up to "
	}
	for _, h := range p.Holdings {
		share := upTo + h.CountedShare.String() + " %"
		if h.CountedShare.IsUnknown() {
			share = "an unknown share"
		}
		parts = append(parts, fmt.Sprintf("%s held by %s (%s)", share, h.OwnerName, why(h.OwnerStatus, h.OwnerProof)))
	}
	for _, c := range p.Controls {
		parts = append(parts, fmt.Sprintf("control (%s) by %s (%s)", c.Basis, c.ControllerName, why(c.ControllerStatus, c.ControllerProof)))
	}
	head := string(p.Status)
	if p.Status == graph.StatusUndetermined {
		head += " (possible run)"
	}
	line := head + ": " + strings.Join(parts, " + ")
	if len(parts) == 0 {
		line = head
	}
	if p.Person != "" && !mentions(p, p.Person) {
		line += " for designated person " + p.Person
	}
	return line
}

// mentions reports whether id owns or controls something in p's tree.
func mentions(p *graph.Proof, id string) bool {
	if p == nil {
		return false
	}
	for _, h := range p.Holdings {
		if h.Holding.Owner == id || mentions(h.OwnerProof, id) {
			return true
		}
	}
	for _, c := range p.Controls {
		if c.Control.Controller == id || mentions(c.ControllerProof, id) {
			return true
		}
	}
	return false
}

// why says why an owner or controller counts.
func why(st graph.Status, p *graph.Proof) string {
	if p == nil {
		return string(st)
	}
	if st == graph.StatusDesignated || len(p.Designations) > 0 && len(p.Holdings) == 0 && len(p.Controls) == 0 {
		return designationLabel(p.Designations)
	}
	var via []string
	for _, h := range p.Holdings {
		via = append(via, h.OwnerName)
	}
	for _, c := range p.Controls {
		via = append(via, c.ControllerName)
	}
	if len(via) == 0 {
		return string(st)
	}
	return string(st) + " through " + strings.Join(via, ", ")
}

// designationLabel lists designations as "OFAC SDN, SDGT; UK, RUSSIA":
// the list (the source, when it names the regime) and the program.
func designationLabel(ds []graph.Designation) string {
	var out []string
	seen := map[string]bool{}
	for _, d := range ds {
		list := strings.ToUpper(string(d.Regime))
		if src := strings.ToLower(d.Source); strings.HasPrefix(src, string(d.Regime)+"-") {
			list = strings.ToUpper(string(d.Regime)) + " " + strings.ToUpper(src[len(d.Regime)+1:])
		}
		s := list
		if d.Program != "" {
			s += ", " + d.Program
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return "designated"
	}
	return strings.Join(out, "; ")
}
