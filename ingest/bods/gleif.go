package bods

import (
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest/gleif"
)

// gleifDetails starts the details of an interest that Open Ownership's
// GLEIF pipeline (openownership/bodspipelines) made from a GLEIF
// relationship record: "LEI RelationshipType: IS_FUND-MANAGED_BY". Its
// interests are all "other-influence-or-control", whatever the type.
const gleifDetails = "LEI RelationshipType:"

// fromGLEIF reads an interest whose details name a GLEIF relationship
// type as package gleif reads that relationship (gleif.AppendRelation),
// the interested party being the relationship's parent (EndNode) and the
// subject its child (StartNode), so that a relationship means the same
// loaded from GLEIF or from BODS made from GLEIF. It reports whether it
// did; other interests, and unknown types, are left to the interest table.
func fromGLEIF(r *rel, owner, owned, details string, span graph.Span, prov graph.Provenance) bool {
	typ, ok := strings.CutPrefix(strings.TrimSpace(details), gleifDetails)
	if !ok {
		return false
	}
	var b graph.Batch
	if !gleif.AppendRelation(&b, strings.ToUpper(strings.TrimSpace(typ)), owned, owner, nil, span, "", prov) {
		return false
	}
	r.holdings = append(r.holdings, b.Holdings...)
	r.controls = append(r.controls, b.Controls...)
	r.links = append(r.links, b.Links...)
	return true
}
