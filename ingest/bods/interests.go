package bods

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
)

// effect is what an interest type does to the graph.
type effect int

const (
	effShare effect = iota + 1
	effVotes
	effControl
)

// interestTable maps interest type codes, normalised (lower case, without
// '-' and '_'), of BODS 0.2 (hyphenated) and 0.3/0.4 (camelCase) to an
// effect and, for control, a basis.
var interestTable = map[string]struct {
	eff   effect
	basis graph.Basis
}{
	"shareholding":                       {effShare, ""},
	"votingrights":                       {effVotes, ""},
	"appointmentofboard":                 {effControl, graph.BasisBoardAppointment},
	"otherinfluenceorcontrol":            {effControl, graph.BasisDeFacto},
	"seniormanagingofficial":             {effControl, graph.BasisDirector},
	"boardmember":                        {effControl, graph.BasisDirector},
	"boardchair":                         {effControl, graph.BasisDirector},
	"controlviacompanyrulesorarticles":   {effControl, graph.BasisDominantInfluence},
	"controlbylegalframework":            {effControl, graph.BasisDominantInfluence},
	"trustee":                            {effControl, graph.BasisDeFacto},
	"trusteeoftrust":                     {effControl, graph.BasisDeFacto},
	"protector":                          {effControl, graph.BasisDeFacto},
	"protectoroftrust":                   {effControl, graph.BasisDeFacto},
	"otherinfluenceorcontroloftrust":     {effControl, graph.BasisDeFacto},
	"settlor":                            {effControl, graph.BasisOther},
	"settloroftrust":                     {effControl, graph.BasisOther},
	"beneficiaryoflegalarrangement":      {effControl, graph.BasisOther},
	"beneficiaryoftrust":                 {effControl, graph.BasisOther},
	"rightstosurplusassetsondissolution": {effControl, graph.BasisOther},
	"rightstoprofitorincome":             {effControl, graph.BasisOther},
	"rightsgrantedbycontract":            {effControl, graph.BasisOther},
	"conditionalrightsgrantedbycontract": {effControl, graph.BasisOther},
	"enjoymentanduseofassets":            {effControl, graph.BasisOther},
	"righttoprofitorincomefromassets":    {effControl, graph.BasisOther},
	"unknowninterest":                    {effControl, graph.BasisOther},
	"unpublishedinterest":                {effControl, graph.BasisOther},
	"nominee":                            {effControl, graph.BasisOther},
	"nominator":                          {effControl, graph.BasisOther},
}

func normCode(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "-", "")
	return strings.ReplaceAll(s, "_", "")
}

// pctOf converts a JSON number in [0, 100] to a Pct.
func pctOf(n json.Number, path string) (graph.Pct, *verr) {
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsNaN(f) {
		return 0, errf("type", path, "%s: %q is not a number", lastName(path), n)
	}
	if f < 0 {
		return 0, errf("minimum", path, "%s: %s is less than the minimum of 0", lastName(path), n)
	}
	if f > 100 {
		return 0, errf("maximum", path, "%s: %s is greater than the maximum of 100", lastName(path), n)
	}
	if p, err := graph.ParsePct(string(n)); err == nil {
		return p, nil
	}
	return graph.Pct(math.Round(f * float64(graph.PctScale))), nil
}

// shareRange reads a share object. In 0.4 exclusiveMinimum and
// exclusiveMaximum are numbers, open bounds; in 0.2/0.3 they are booleans
// that make minimum and maximum open. Both forms are accepted in every
// version (0.4 validation rejects booleans in strict mode first).
func shareRange(s *shareJSON, path string) (graph.Range, *verr) {
	if s.Exact != nil {
		p, e := pctOf(*s.Exact, path+".exact")
		if e != nil {
			return graph.Range{}, e
		}
		return graph.Exact(p), nil
	}
	r := graph.Unknown()
	if s.Minimum != nil {
		p, e := pctOf(*s.Minimum, path+".minimum")
		if e != nil {
			return r, e
		}
		r.Lo = p
	}
	if s.Maximum != nil {
		p, e := pctOf(*s.Maximum, path+".maximum")
		if e != nil {
			return r, e
		}
		r.Hi = p
	}
	if b := s.ExclusiveMinimum; b != nil {
		if b.isBool {
			r.LoOpen = r.LoOpen || b.b
		} else {
			p, e := pctOf(*b.num, path+".exclusiveMinimum")
			if e != nil {
				return r, e
			}
			if p >= r.Lo {
				r.Lo, r.LoOpen = p, true
			}
		}
	}
	if b := s.ExclusiveMaximum; b != nil {
		if b.isBool {
			r.HiOpen = r.HiOpen || b.b
		} else {
			p, e := pctOf(*b.num, path+".exclusiveMaximum")
			if e != nil {
				return r, e
			}
			if p <= r.Hi {
				r.Hi, r.HiOpen = p, true
			}
		}
	}
	if !r.Valid() {
		return r, errf("share", path, "share bounds %s are empty (minimum above maximum)", r.String())
	}
	return r, nil
}

// sumRange adds two ranges, capped at 100.
func sumRange(a, b graph.Range) graph.Range {
	s := a.Add(b)
	if s.Hi > graph.Hundred {
		s.Hi, s.HiOpen = graph.Hundred, false
	}
	if s.Lo > graph.Hundred {
		s.Lo = graph.Hundred
	}
	if s.Lo >= s.Hi {
		s.LoOpen, s.HiOpen = false, false
	}
	return s
}

// interests builds the edges of one relationship statement from
// interestedParty (owner) to subject.
func interests(r *rel, owner, owned string, list []interestJSON, path string, prov graph.Provenance) *verr {
	type acc struct {
		share, votes *graph.Range
	}
	holdings := map[graph.Span]*acc{}
	var spans []graph.Span
	controls := map[graph.Control]bool{}
	links := map[graph.Span]bool{}
	if len(list) == 0 {
		// A relationship without interests still says the party has an
		// ownership or control interest of some kind, unless the party is
		// unspecified (e.g. "no beneficial owners"): then it says nothing.
		if strings.HasPrefix(owner, SourceName+":unspecified:") {
			return nil
		}
		r.controls = append(r.controls, graph.Control{Controller: owner, Controlled: owned, Basis: graph.BasisOther, Provenance: prov})
		return nil
	}
	for i, m := range list {
		ip := path + "[" + strconv.Itoa(i) + "]"
		var span graph.Span
		for _, d := range []struct {
			key string
			v   *string
			dst *graph.Date
		}{{"startDate", m.StartDate, &span.Start}, {"endDate", m.EndDate, &span.End}} {
			if d.v == nil {
				continue
			}
			day := dateOf(*d.v)
			if day == "" || (len(*d.v) != 10 && !isDateTime(*d.v)) {
				return errf("format", ip+"."+d.key, "%s: %v is not a date YYYY-MM-DD", d.key, *d.v)
			}
			*d.dst = day
		}
		if span.Start != "" && span.End != "" && span.End <= span.Start {
			return errf("format", ip+".endDate", "endDate %s is not after startDate %s", span.End, span.Start)
		}
		var rng *graph.Range
		if m.Share != nil && !m.Share.empty() {
			x, e := shareRange(m.Share, ip+".share")
			if e != nil {
				return e
			}
			rng = &x
		}
		code := strings.TrimSpace(m.Type)
		dir := strings.TrimSpace(m.DirectOrIndirect)
		if dir == "" {
			dir = strings.TrimSpace(m.InterestLevel)
		}
		if dir == "indirect" {
			if !links[span] {
				links[span] = true
				r.links = append(r.links, graph.Link{From: owner, To: owned, Type: graph.LinkOther, Span: span, Provenance: prov})
			}
			continue
		}
		if rng == nil && fromGLEIF(r, owner, owned, m.Details, span, prov) {
			continue
		}
		eff, basis := effControl, graph.BasisOther
		if t, ok := interestTable[normCode(code)]; ok {
			eff, basis = t.eff, t.basis
		} else if code == "" && rng != nil {
			eff = effShare // an untyped interest with a share is read as a shareholding
		}
		switch eff {
		case effShare, effVotes:
			a := holdings[span]
			if a == nil {
				a = &acc{}
				holdings[span] = a
				spans = append(spans, span)
			}
			x := graph.Unknown()
			if rng != nil {
				x = *rng
			}
			dst := &a.share
			if eff == effVotes {
				dst = &a.votes
			}
			if *dst == nil {
				*dst = &x
			} else {
				s := sumRange(**dst, x)
				*dst = &s
			}
		default:
			c := graph.Control{Controller: owner, Controlled: owned, Basis: basis, Span: span, Provenance: prov}
			if !controls[c] {
				controls[c] = true
				r.controls = append(r.controls, c)
			}
		}
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	for _, sp := range spans {
		a := holdings[sp]
		h := graph.Holding{Owner: owner, Owned: owned, Share: graph.Unknown(), Votes: graph.Unknown(), Span: sp, Provenance: prov}
		if a.share != nil {
			h.Share = *a.share
			h.Votes = *a.share // votes default to the share range (RULES.md, Holdings)
		}
		if a.votes != nil {
			h.Votes = *a.votes
		}
		r.holdings = append(r.holdings, h)
	}
	return nil
}

// unspecifiedParty makes the synthetic entity of an unspecified subject or
// interested party.
func unspecifiedParty(stmtID, role string, u *unspecifiedJSON, prov graph.Provenance) graph.Entity {
	word := "unspecified interested party"
	if role == "subject" {
		word = "unspecified subject"
	}
	return graph.Entity{ID: SourceName + ":unspecified:" + stmtID + ":" + role, Kind: graph.KindUnknown,
		Name: describe(word, u, ""), Provenance: prov}
}
