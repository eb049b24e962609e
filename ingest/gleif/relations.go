package gleif

import "github.com/ownex/ownex/graph"

// Relationship types of RR-CDF 2.1.
const (
	DirectlyConsolidatedBy   = "IS_DIRECTLY_CONSOLIDATED_BY"
	UltimatelyConsolidatedBy = "IS_ULTIMATELY_CONSOLIDATED_BY"
	InternationalBranchOf    = "IS_INTERNATIONAL_BRANCH_OF"
	FundManagedBy            = "IS_FUND-MANAGED_BY"
	SubfundOf                = "IS_SUBFUND_OF"
	FeederTo                 = "IS_FEEDER_TO"
)

// AppendRelation appends to b what one GLEIF relationship of type typ
// (upper case) from its StartNode child to its EndNode parent says, over
// span sp, each record with ref and prov: the mapping of the package
// documentation ("Level 2"). share is the PERCENTAGE quantifier of an
// IS_DIRECTLY_CONSOLIDATED_BY, nil when none is given. It returns false,
// appending nothing, for a type it does not know.
//
// It is the one reading of the relationship types: ingest/bods uses it for
// BODS statements produced from GLEIF, so that a relationship means the
// same whichever way it was loaded.
func AppendRelation(b *graph.Batch, typ, child, parent string, share *graph.Pct, sp graph.Span, ref string, prov graph.Provenance) bool {
	switch typ {
	case DirectlyConsolidatedBy:
		b.Controls = append(b.Controls, graph.Control{Controller: parent, Controlled: child,
			Basis: graph.BasisDominantInfluence, Ref: ref, Span: sp, Provenance: prov})
		if share != nil {
			b.Holdings = append(b.Holdings, graph.Holding{Owner: parent, Owned: child,
				Share: graph.Exact(*share), Votes: graph.Unknown(), Ref: ref, Span: sp, Provenance: prov})
		}
	case UltimatelyConsolidatedBy:
		b.Links = append(b.Links, graph.Link{From: child, To: parent, Type: graph.LinkUltimateOwner, Span: sp, Provenance: prov})
	case FundManagedBy:
		// The fund management entity runs the fund, holding no interest
		// in it: control in fact, and a link that names the relation.
		b.Controls = append(b.Controls, graph.Control{Controller: parent, Controlled: child,
			Basis: graph.BasisDeFacto, Ref: ref, Span: sp, Provenance: prov})
		b.Links = append(b.Links, graph.Link{From: child, To: parent, Type: graph.LinkFundManagedBy, Span: sp, Provenance: prov})
	case SubfundOf:
		// A sub-fund is a compartment of the umbrella, governed by the
		// umbrella's constitution and board.
		b.Controls = append(b.Controls, graph.Control{Controller: parent, Controlled: child,
			Basis: graph.BasisDominantInfluence, Ref: ref, Span: sp, Provenance: prov})
	case FeederTo:
		// The feeder invests (at least 85 % of its assets) in units of the
		// master: the feeder is the owner, of a share GLEIF does not give.
		b.Holdings = append(b.Holdings, graph.Holding{Owner: child, Owned: parent,
			Share: graph.Unknown(), Votes: graph.Unknown(), Ref: ref, Span: sp, Provenance: prov})
	case InternationalBranchOf:
		b.Links = append(b.Links, graph.Link{From: child, To: parent, Type: graph.LinkOther, Span: sp, Provenance: prov})
	default:
		return false
	}
	return true
}
