package bods

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
)

// rel is what one relationship record contributes to the graph.
type rel struct {
	parties  []graph.Entity // synthetic entities of unspecified parties
	holdings []graph.Holding
	controls []graph.Control
	links    []graph.Link
	date     string // statementDate of the statement that produced it
	dropped  bool   // replaced (0.2/0.3) without a successor under this key
}

func (r *rel) empty() bool { return len(r.holdings)+len(r.controls)+len(r.links) == 0 }

// outcome is the effect of one valid statement, applied by apply.
type outcome struct {
	entity   *graph.Entity
	guardKey string // 0.4 record whose latest statementDate wins
	date     string
	stmtID   string // 0.2/0.3 entity or person statement: its ID maps to entity.ID
	replaces []string
	rel      *rel
	relKey   string
	closeAt  graph.Date // 0.4 closed relationship: its edges end here
	// noInterests: the closing statement lists no interests, so the
	// previous statement's edges are the ones that end
	noInterests bool
}

// apply changes the parser state; it never fails.
func (p *parser) apply(o *outcome) {
	for _, r := range o.replaces {
		p.replaced[r] = true
		if old, ok := p.rels["s:"+r]; ok {
			old.dropped = true
		}
	}
	if o.stmtID != "" && o.entity != nil {
		p.stmtEntity[o.stmtID] = o.entity.ID
	}
	if o.entity != nil {
		if o.guardKey != "" {
			if last, ok := p.entDate[o.guardKey]; ok && o.date < last {
				return // an older statement of a record already loaded
			}
			p.entDate[o.guardKey] = o.date
		}
		p.Batch().Entities = append(p.Batch().Entities, *o.entity)
	}
	if o.rel == nil {
		return
	}
	prev, seen := p.rels[o.relKey]
	if seen && !prev.dropped && o.rel.date < prev.date {
		return // older than what we hold: the latest statementDate wins
	}
	if o.closeAt != "" {
		if o.noInterests && seen && !prev.dropped {
			o.rel.parties = prev.parties
			o.rel.holdings = append([]graph.Holding(nil), prev.holdings...)
			o.rel.controls = append([]graph.Control(nil), prev.controls...)
			o.rel.links = append([]graph.Link(nil), prev.links...)
		}
		closeRel(o.rel, o.closeAt)
	}
	if !seen {
		p.order = append(p.order, o.relKey)
	}
	p.rels[o.relKey] = o.rel
}

// closeRel ends every edge of r at day; an edge that started on or after
// day never held and is dropped.
func closeRel(r *rel, day graph.Date) {
	end := func(s *graph.Span) bool {
		if s.End == "" || s.End > day {
			s.End = day
		}
		return s.Start == "" || s.Start < s.End
	}
	hs := r.holdings[:0]
	for _, h := range r.holdings {
		if end(&h.Span) {
			hs = append(hs, h)
		}
	}
	r.holdings = hs
	cs := r.controls[:0]
	for _, c := range r.controls {
		if end(&c.Span) {
			cs = append(cs, c)
		}
	}
	r.controls = cs
	ls := r.links[:0]
	for _, l := range r.links {
		if end(&l.Span) {
			ls = append(ls, l)
		}
	}
	r.links = ls
}

// ---- helpers over decoded JSON ----

func getS(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return strings.TrimSpace(s)
}

func getM(m map[string]any, k string) map[string]any {
	o, _ := m[k].(map[string]any)
	return o
}

func getA(m map[string]any, k string) []any {
	a, _ := m[k].([]any)
	return a
}

func objects(m map[string]any, k string) []map[string]any {
	var out []map[string]any
	for _, v := range getA(m, k) {
		if o, ok := v.(map[string]any); ok {
			out = append(out, o)
		}
	}
	return out
}

// dateOf returns the date part of a date or date-time, or "".
func dateOf(s string) graph.Date {
	if len(s) >= 10 && isDate(s[:10]) {
		return graph.Date(s[:10])
	}
	return ""
}

func addUnique(list []string, s string) []string {
	if s == "" || contains(list, s) {
		return list
	}
	return append(list, s)
}

// ---- entities and persons ----

// identifier normalises one BODS identifier; ok is false without a scheme
// code or an id.
func identifier(m map[string]any) (graph.Identifier, bool) {
	scheme := strings.ToUpper(getS(m, "scheme"))
	id := getS(m, "id")
	if scheme == "" || id == "" {
		return graph.Identifier{}, false
	}
	switch scheme {
	case "GB-COH":
		v := strings.ToUpper(strings.ReplaceAll(id, " ", ""))
		if allDigits(v) && len(v) < 8 {
			v = strings.Repeat("0", 8-len(v)) + v
		}
		return graph.Identifier{Scheme: "gb-coh", Value: v, Country: "GB"}, true
	case "XI-LEI":
		return graph.Identifier{Scheme: "lei", Value: strings.ToUpper(id)}, true
	}
	idf := graph.Identifier{Scheme: strings.ToLower(scheme), Value: id}
	if pre, _, ok := strings.Cut(scheme, "-"); ok && len(pre) == 2 && pre[0] != 'X' && pre != "ZZ" {
		idf.Country = pre
	}
	return idf, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// country returns a country code: a string (0.2/0.3) or {code, name}.
func country(v any) string {
	switch x := v.(type) {
	case string:
		return strings.ToUpper(strings.TrimSpace(x))
	case map[string]any:
		return strings.ToUpper(getS(x, "code"))
	}
	return ""
}

func address(m map[string]any) graph.Address {
	return graph.Address{Text: getS(m, "address"), Postal: getS(m, "postCode"), Country: country(m["country"])}
}

// common fills what entity and person statements share.
func common(e *graph.Entity, d map[string]any) {
	for _, m := range objects(d, "identifiers") {
		if idf, ok := identifier(m); ok {
			e.Identifiers = append(e.Identifiers, idf)
		} else if id := getS(m, "id"); id != "" {
			v := id
			if sn := getS(m, "schemeName"); sn != "" {
				v = sn + ": " + id
			}
			e.Facts = append(e.Facts, graph.Fact{Type: graph.FactReference, Value: v})
		}
	}
	for _, m := range objects(d, "addresses") {
		a := address(m)
		if getS(m, "type") == "placeOfBirth" {
			e.Facts = append(e.Facts, graph.Fact{Type: graph.FactBirthPlace, Value: a.String()})
			continue
		}
		if a != (graph.Address{}) {
			e.Addresses = append(e.Addresses, a)
		}
	}
}

// entityFrom maps an entity statement's details (0.4 recordDetails, or
// the 0.2/0.3 statement itself).
func entityFrom(id string, d map[string]any) graph.Entity {
	e := graph.Entity{ID: id, Name: getS(d, "name")}
	typ := getS(d, "entityType")
	if et := getM(d, "entityType"); et != nil {
		typ = getS(et, "type")
	}
	switch typ {
	case "registeredEntity", "legalEntity":
		e.Kind = graph.KindCompany
	case "arrangement", "state", "stateBody":
		e.Kind = graph.KindOrganization
	default: // anonymousEntity, unknownEntity
		e.Kind = graph.KindUnknown
	}
	for _, v := range getA(d, "alternateNames") {
		if s, ok := v.(string); ok {
			e.Aliases = addUnique(e.Aliases, strings.TrimSpace(s))
		}
	}
	if j := getM(d, "jurisdiction"); j != nil {
		if c := strings.ToUpper(getS(j, "code")); c != "" {
			e.Countries = addUnique(e.Countries, c)
		}
	}
	if j := getM(d, "incorporatedInJurisdiction"); j != nil {
		e.Countries = addUnique(e.Countries, strings.ToUpper(getS(j, "code")))
	}
	common(&e, d)
	if f := getS(d, "foundingDate"); f != "" {
		e.Facts = append(e.Facts, graph.Fact{Type: graph.FactEstablishmentDate, Value: f})
	}
	if f := getS(d, "dissolutionDate"); f != "" {
		e.Facts = append(e.Facts, graph.Fact{Type: "dissolution-date", Value: f})
	}
	if u := getS(d, "uri"); u != "" {
		e.Facts = append(e.Facts, graph.Fact{Type: graph.FactReference, Value: u})
	}
	if e.Name == "" {
		switch {
		case e.Kind == graph.KindUnknown:
			word := "unknown entity"
			if typ == "anonymousEntity" {
				word = "anonymous entity"
			}
			e.Name = describe(word, getM(d, "unspecifiedEntityDetails"), "")
		case len(e.Identifiers) > 0:
			e.Name = "entity " + e.Identifiers[0].String()
		default:
			e.Name = "unnamed entity " + strings.TrimPrefix(id, SourceName+":")
		}
	}
	return e
}

// describe builds "word (reason: description)" for unknown parties.
func describe(word string, u map[string]any, reason string) string {
	if u != nil {
		reason = getS(u, "reason")
		if d := getS(u, "description"); d != "" {
			if reason != "" {
				reason += ": " + d
			} else {
				reason = d
			}
		}
	}
	if reason == "" {
		return word
	}
	return word + " (" + reason + ")"
}

func nameOf(m map[string]any) string {
	if f := getS(m, "fullName"); f != "" {
		return f
	}
	var parts []string
	for _, k := range []string{"givenName", "patronymicName", "familyName"} {
		if s := getS(m, k); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// personFrom maps a person statement.
func personFrom(id string, d map[string]any) graph.Entity {
	e := graph.Entity{ID: id, Kind: graph.KindPerson}
	names := objects(d, "names")
	primary := -1
	for i, n := range names {
		if t := getS(n, "type"); (t == "individual" || t == "legal") && nameOf(n) != "" {
			primary = i
			break
		}
	}
	for i, n := range names {
		if primary < 0 && nameOf(n) != "" {
			primary = i
		}
	}
	if primary >= 0 {
		e.Name = nameOf(names[primary])
	}
	for i, n := range names {
		if i != primary && nameOf(n) != e.Name {
			e.Aliases = addUnique(e.Aliases, nameOf(n))
		}
	}
	for _, n := range getA(d, "nationalities") {
		if c := country(n); c != "" {
			e.Countries = addUnique(e.Countries, c)
		}
	}
	common(&e, d)
	if b := getS(d, "birthDate"); b != "" {
		e.Facts = append(e.Facts, graph.Fact{Type: graph.FactBirthDate, Value: b})
	}
	if pob := getM(d, "placeOfBirth"); pob != nil {
		if s := address(pob).String(); s != "" {
			e.Facts = append(e.Facts, graph.Fact{Type: graph.FactBirthPlace, Value: s})
		}
	}
	if dd := getS(d, "deathDate"); dd != "" {
		e.Facts = append(e.Facts, graph.Fact{Type: "death-date", Value: dd})
	}
	if pe := getM(d, "politicalExposure"); pe != nil && getS(pe, "status") == "isPep" {
		e.Facts = append(e.Facts, graph.Fact{Type: graph.FactPosition, Value: "politically exposed person"})
	}
	for _, pe := range objects(d, "pepStatusDetails") {
		if r := getS(pe, "reason"); r != "" {
			e.Facts = append(e.Facts, graph.Fact{Type: graph.FactPosition, Value: r})
		}
	}
	if pe := getM(d, "politicalExposure"); pe != nil {
		for _, det := range objects(pe, "details") {
			if r := getS(det, "reason"); r != "" {
				e.Facts = append(e.Facts, graph.Fact{Type: graph.FactPosition, Value: r})
			}
		}
	}
	switch pt := getS(d, "personType"); pt {
	case "anonymousPerson", "unknownPerson":
		e.Kind = graph.KindUnknown
		word := "unknown person"
		if pt == "anonymousPerson" {
			word = "anonymous person"
		}
		if e.Name == "" {
			e.Name = describe(word, getM(d, "unspecifiedPersonDetails"), getS(d, "missingInfoReason"))
		}
	}
	if e.Name == "" {
		e.Name = "unnamed person " + strings.TrimPrefix(id, SourceName+":")
	}
	return e
}

// ---- interests ----

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
func pctOf(v any, path string) (graph.Pct, *verr) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, errf("type", path, "%s: %s is not of type \"number\"", lastName(path), jsonType(v))
	}
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
func shareRange(s map[string]any, path string) (graph.Range, *verr) {
	if v, ok := s["exact"]; ok {
		p, e := pctOf(v, path+".exact")
		if e != nil {
			return graph.Range{}, e
		}
		return graph.Exact(p), nil
	}
	r := graph.Unknown()
	if v, ok := s["minimum"]; ok {
		p, e := pctOf(v, path+".minimum")
		if e != nil {
			return r, e
		}
		r.Lo = p
	}
	if v, ok := s["maximum"]; ok {
		p, e := pctOf(v, path+".maximum")
		if e != nil {
			return r, e
		}
		r.Hi = p
	}
	if v, ok := s["exclusiveMinimum"]; ok {
		if b, isBool := v.(bool); isBool {
			r.LoOpen = r.LoOpen || b
		} else {
			p, e := pctOf(v, path+".exclusiveMinimum")
			if e != nil {
				return r, e
			}
			if p >= r.Lo {
				r.Lo, r.LoOpen = p, true
			}
		}
	}
	if v, ok := s["exclusiveMaximum"]; ok {
		if b, isBool := v.(bool); isBool {
			r.HiOpen = r.HiOpen || b
		} else {
			p, e := pctOf(v, path+".exclusiveMaximum")
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
func interests(r *rel, owner, owned string, list []any, path string, prov graph.Provenance) *verr {
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
	for i, v := range list {
		ip := path + "[" + strconv.Itoa(i) + "]"
		m, ok := v.(map[string]any)
		if !ok {
			return errf("type", ip, "interests: %s is not of type \"object\"", jsonType(v))
		}
		var span graph.Span
		for _, k := range []string{"startDate", "endDate"} {
			s, has := m[k]
			if !has {
				continue
			}
			str, _ := s.(string)
			d := dateOf(str)
			if d == "" || (len(str) != 10 && !isDateTime(str)) {
				return errf("format", ip+"."+k, "%s: %v is not a date YYYY-MM-DD", k, s)
			}
			if k == "startDate" {
				span.Start = d
			} else {
				span.End = d
			}
		}
		if span.Start != "" && span.End != "" && span.End <= span.Start {
			return errf("format", ip+".endDate", "endDate %s is not after startDate %s", span.End, span.Start)
		}
		var rng *graph.Range
		if s, has := m["share"]; has {
			sm, ok := s.(map[string]any)
			if !ok {
				return errf("type", ip+".share", "share: %s is not of type \"object\"", jsonType(s))
			}
			if len(sm) > 0 {
				x, e := shareRange(sm, ip+".share")
				if e != nil {
					return e
				}
				rng = &x
			}
		}
		code := getS(m, "type")
		if code == "" && m["type"] != nil {
			return errf("type", ip+".type", "type: %s is not of type \"string\"", jsonType(m["type"]))
		}
		dir := getS(m, "directOrIndirect")
		if dir == "" {
			dir = getS(m, "interestLevel")
		}
		if dir == "indirect" {
			if !links[span] {
				links[span] = true
				r.links = append(r.links, graph.Link{From: owner, To: owned, Type: graph.LinkOther, Span: span, Provenance: prov})
			}
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
func unspecifiedParty(stmtID, role string, u map[string]any, prov graph.Provenance) graph.Entity {
	word := "unspecified interested party"
	if role == "subject" {
		word = "unspecified subject"
	}
	return graph.Entity{ID: SourceName + ":unspecified:" + stmtID + ":" + role, Kind: graph.KindUnknown,
		Name: describe(word, u, ""), Provenance: prov}
}

// ---- statements ----

// v04 maps a valid BODS 0.4 statement.
func (p *parser) v04(st map[string]any, path string) (*outcome, *verr) {
	sid := getS(st, "statementId")
	rid := getS(st, "recordId")
	date := getS(st, "statementDate")
	prov := graph.Provenance{Source: SourceName, Record: sid}
	d := getM(st, "recordDetails")
	id := SourceName + ":" + rid
	switch getS(st, "recordType") {
	case "entity":
		e := entityFrom(id, d)
		e.Provenance = prov
		return &outcome{entity: &e, guardKey: rid, date: date}, nil
	case "person":
		e := personFrom(id, d)
		e.Provenance = prov
		return &outcome{entity: &e, guardKey: rid, date: date}, nil
	}
	r := &rel{date: date}
	party := func(role string) string {
		switch x := d[role].(type) {
		case string:
			return SourceName + ":" + x
		case map[string]any:
			e := unspecifiedParty(sid, role, x, prov)
			r.parties = append(r.parties, e)
			return e.ID
		}
		return ""
	}
	owned := party("subject")
	owner := party("interestedParty")
	if e := interests(r, owner, owned, getA(d, "interests"), path+".recordDetails.interests", prov); e != nil {
		return nil, e
	}
	o := &outcome{rel: r, relKey: "r:" + rid, noInterests: len(getA(d, "interests")) == 0}
	if getS(st, "recordStatus") == "closed" {
		o.closeAt = dateOf(date)
		if o.closeAt == "" {
			return nil, errf("required", path, `"statementDate" is required to close a record`)
		}
	}
	return o, nil
}

// legacy maps a BODS 0.2/0.3 statement (statementType, statementID).
func (p *parser) legacy(st map[string]any, path string) (*outcome, *verr) {
	sid, ok := st["statementID"].(string)
	if !ok {
		if _, has := st["statementID"]; has {
			return nil, errf("type", path+".statementID", "statementID: %s is not of type \"string\"", jsonType(st["statementID"]))
		}
		return nil, errf("required", path, `"statementID" is a required property`)
	}
	if sid = strings.TrimSpace(sid); sid == "" {
		return nil, errf("minLength", path+".statementID", "statementID is empty")
	}
	var replaces []string
	if v, has := st["replacesStatements"]; has {
		a, ok := v.([]any)
		if !ok {
			return nil, errf("type", path+".replacesStatements", "replacesStatements: %s is not of type \"array\"", jsonType(v))
		}
		for i, x := range a {
			s, ok := x.(string)
			if !ok {
				return nil, errf("type", path+".replacesStatements["+strconv.Itoa(i)+"]", "replacesStatements: %s is not of type \"string\"", jsonType(x))
			}
			replaces = append(replaces, s)
		}
	}
	if p.replaced[sid] {
		return &outcome{}, nil // replaced by a statement already read
	}
	for _, k := range []string{"interests", "names", "identifiers", "addresses", "nationalities", "alternateNames"} {
		if v, has := st[k]; has {
			if _, ok := v.([]any); !ok {
				return nil, errf("type", path+"."+k, "%s: %s is not of type \"array\"", k, jsonType(v))
			}
		}
	}
	prov := graph.Provenance{Source: SourceName, Record: sid}
	o := &outcome{replaces: replaces}
	st0 := getS(st, "statementType")
	switch st0 {
	case "entityStatement", "personStatement":
		id := SourceName + ":" + sid
		for _, r := range replaces {
			if prev, ok := p.stmtEntity[r]; ok {
				id = prev
				break
			}
		}
		var e graph.Entity
		if st0 == "entityStatement" {
			if t, has := st["entityType"]; has {
				ts, _ := t.(string)
				if !contains(entityTypes, ts) {
					return nil, errf("enum", path+".entityType", "entityType: %v is not one of the codes %s", t, strings.Join(entityTypes, ", "))
				}
			}
			e = entityFrom(id, st)
		} else {
			if t, has := st["personType"]; has {
				ts, _ := t.(string)
				if !contains([]string{"knownPerson", "anonymousPerson", "unknownPerson"}, ts) {
					return nil, errf("enum", path+".personType", "personType: %v is not one of the codes knownPerson, anonymousPerson, unknownPerson", t)
				}
			}
			e = personFrom(id, st)
		}
		e.Provenance = prov
		o.entity, o.stmtID = &e, sid
		return o, nil
	case "ownershipOrControlStatement":
	default:
		return nil, errf("enum", path+".statementType", "statementType: %q is not one of the codes entityStatement, personStatement, ownershipOrControlStatement", st0)
	}
	r := &rel{date: getS(st, "statementDate")}
	ref := func(role string, keys ...string) (string, *verr) {
		v, has := st[role]
		if !has {
			return "", errf("required", path, "%q is a required property", role)
		}
		m, ok := v.(map[string]any)
		if !ok {
			return "", errf("type", path+"."+role, "%s: %s is not of type \"object\"", role, jsonType(v))
		}
		for _, k := range keys {
			if s := getS(m, k); s != "" {
				if id, ok := p.stmtEntity[s]; ok {
					return id, nil
				}
				return SourceName + ":" + s, nil
			}
		}
		if u, ok := m["unspecified"]; ok {
			um, _ := u.(map[string]any)
			e := unspecifiedParty(sid, role, um, prov)
			r.parties = append(r.parties, e)
			return e.ID, nil
		}
		return "", errf("required", path+"."+role, "%s names no statement (%s) and is not unspecified", role, strings.Join(keys, " or "))
	}
	owned, e := ref("subject", "describedByEntityStatement")
	if e != nil {
		return nil, e
	}
	owner, e := ref("interestedParty", "describedByPersonStatement", "describedByEntityStatement")
	if e != nil {
		return nil, e
	}
	if e := interests(r, owner, owned, getA(st, "interests"), path+".interests", prov); e != nil {
		return nil, e
	}
	o.rel, o.relKey = r, "s:"+sid
	return o, nil
}
