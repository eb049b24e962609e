package ofacxml

import (
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// relationKinds maps RelationType text (lower case) to how it is stored.
type relKind struct {
	holding bool
	reverse bool // Owner is To (holding) or the link points To -> From (never used for links)
	link    graph.LinkType
}

var relationKinds = map[string]relKind{
	"owned or controlled by":        {holding: true, reverse: true},
	"owns, controls, or operates":   {holding: true},
	"property in the interest of":   {holding: true, reverse: true},
	"acting for or on behalf of":    {link: graph.LinkActingFor},
	"associate of":                  {link: graph.LinkAssociateOf},
	"providing support to":          {link: graph.LinkSupports},
	"family member of":              {link: graph.LinkFamily},
	"leader or official of":         {link: graph.LinkLeaderOf},
	"principal executive officer":   {link: graph.LinkLeaderOf},
	"playing a significant role in": {link: graph.LinkMemberOf},
}

func (a *advanced) relation(line int, x *xRelation) *ingest.RowError {
	rid := strings.TrimSpace(x.ID)
	rec := recName("ProfileRelationship", rid, line)
	from, ok := a.profiles.get(strings.TrimSpace(x.From))
	if !ok {
		return recErr(a.name, line, rec, "From-ProfileID %q is no profile of this file", x.From)
	}
	to, ok := a.profiles.get(strings.TrimSpace(x.To))
	if !ok {
		return recErr(a.name, line, rec, "To-ProfileID %q is no profile of this file", x.To)
	}
	text, ok := a.lookup("RelationType", x.RelationTypeID)
	if !ok {
		return recErr(a.name, line, rec, "unknown RelationTypeID %q", x.RelationTypeID)
	}
	var span graph.Span
	switch strings.TrimSpace(x.Former) {
	case "", "false", "0":
	case "true", "1":
		if a.issued == "" {
			return recErr(a.name, line, rec, "Former relation, but the file has no DateOfIssue to end it at")
		}
		span.End = a.issued
	default:
		return recErr(a.name, line, rec, "bad Former value %q: want true or false", x.Former)
	}
	if from == to {
		return recErr(a.name, line, rec, "relation of party %s to itself", from)
	}
	prov := graph.Provenance{Source: a.list, Record: "ProfileRelationship=" + rid}
	k, known := relationKinds[strings.ToLower(ingest.Clean(text))]
	switch {
	case known && k.holding:
		h := graph.Holding{Owner: "ofac:" + from, Owned: "ofac:" + to, Share: graph.Unknown(), Votes: graph.Unknown(),
			Span: span, Provenance: prov}
		if k.reverse {
			h.Owner, h.Owned = h.Owned, h.Owner
		}
		a.p.Batch().Holdings = append(a.p.Batch().Holdings, h)
	default:
		lt := graph.LinkOther
		if known {
			lt = k.link
		}
		a.p.Batch().Links = append(a.p.Batch().Links, graph.Link{From: "ofac:" + from, To: "ofac:" + to, Type: lt,
			Span: span, Provenance: prov})
	}
	return nil
}
