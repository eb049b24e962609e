package bods

import (
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// The mapping of entity and person statements of every version to
// graph.Entity (see the package documentation, "Entities").

// identifier normalises one BODS identifier; ok is false without a scheme
// code or an id.
func identifier(m identifierJSON) (graph.Identifier, bool) {
	scheme := strings.ToUpper(strings.TrimSpace(m.Scheme))
	id := strings.TrimSpace(m.ID)
	if scheme == "" || id == "" {
		return graph.Identifier{}, false
	}
	switch scheme {
	case "GB-COH":
		v := strings.ToUpper(strings.ReplaceAll(id, " ", ""))
		if ingest.AllDigits(v) && len(v) < 8 {
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

// code returns a country or jurisdiction code, upper case.
func (c countryCode) code() string { return strings.ToUpper(strings.TrimSpace(string(c))) }

func address(m addressJSON) graph.Address {
	return graph.Address{Text: strings.TrimSpace(m.Address), Postal: strings.TrimSpace(m.PostCode), Country: m.Country.code()}
}

// common fills what entity and person statements share.
func common(e *graph.Entity, d partyFields) {
	for _, m := range d.Identifiers {
		if idf, ok := identifier(m); ok {
			e.Identifiers = append(e.Identifiers, idf)
		} else if id := strings.TrimSpace(m.ID); id != "" {
			v := id
			if sn := strings.TrimSpace(m.SchemeName); sn != "" {
				v = sn + ": " + id
			}
			e.Facts = append(e.Facts, graph.Fact{Type: graph.FactReference, Value: v})
		}
	}
	for _, m := range d.Addresses {
		a := address(m)
		if strings.TrimSpace(m.Type) == "placeOfBirth" {
			e.Facts = append(e.Facts, graph.Fact{Type: graph.FactBirthPlace, Value: a.String()})
			continue
		}
		if a != (graph.Address{}) {
			e.Addresses = append(e.Addresses, a)
		}
	}
}

// entityFrom maps an entity statement: its entityType code, the fields,
// the jurisdictions (0.4 jurisdiction; 0.2/0.3 jurisdiction and
// incorporatedInJurisdiction) and why it is unspecified (0.4), if it is.
func entityFrom(id, typ string, p partyFields, d entityFields, juris []*jurisdictionJSON, u *unspecifiedJSON) graph.Entity {
	typ = strings.TrimSpace(typ)
	e := graph.Entity{ID: id, Name: strings.TrimSpace(d.Name)}
	switch typ {
	case "registeredEntity", "legalEntity":
		e.Kind = graph.KindCompany
	case "arrangement", "state", "stateBody":
		e.Kind = graph.KindOrganization
	default: // anonymousEntity, unknownEntity
		e.Kind = graph.KindUnknown
	}
	for _, s := range d.AlternateNames {
		e.Aliases = ingest.AppendNew(e.Aliases, strings.TrimSpace(s))
	}
	for _, j := range juris {
		if j != nil {
			e.Countries = ingest.AppendNew(e.Countries, countryCode(j.Code).code())
		}
	}
	common(&e, p)
	if f := strings.TrimSpace(d.FoundingDate); f != "" {
		e.Facts = append(e.Facts, graph.Fact{Type: graph.FactEstablishmentDate, Value: f})
	}
	if f := strings.TrimSpace(d.DissolutionDate); f != "" {
		e.Facts = append(e.Facts, graph.Fact{Type: "dissolution-date", Value: f})
	}
	if u := strings.TrimSpace(d.URI); u != "" {
		e.Facts = append(e.Facts, graph.Fact{Type: graph.FactReference, Value: u})
	}
	if e.Name == "" {
		switch {
		case e.Kind == graph.KindUnknown:
			word := "unknown entity"
			if typ == "anonymousEntity" {
				word = "anonymous entity"
			}
			e.Name = describe(word, u, "")
		case len(e.Identifiers) > 0:
			e.Name = "entity " + e.Identifiers[0].String()
		default:
			e.Name = "unnamed entity " + strings.TrimPrefix(id, SourceName+":")
		}
	}
	return e
}

// describe builds "word (reason: description)" for unknown parties; u,
// when given, gives the reason.
func describe(word string, u *unspecifiedJSON, reason string) string {
	if u != nil {
		reason = strings.TrimSpace(u.Reason)
		if d := strings.TrimSpace(u.Description); d != "" {
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

func nameOf(m nameJSON) string {
	if f := strings.TrimSpace(m.FullName); f != "" {
		return f
	}
	var parts []string
	for _, s := range []string{m.GivenName, m.PatronymicName, m.FamilyName} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// person is what personFrom needs beyond the shared fields; each version
// fills it from its own properties.
type person struct {
	typ          string // personType
	placeOfBirth *addressJSON
	positions    []string // PEP status and reasons, in order
	unspecified  *unspecifiedJSON
	missingInfo  string // 0.2/0.3 missingInfoReason
}

// personFrom maps a person statement.
func personFrom(id string, p partyFields, d personFields, x person) graph.Entity {
	e := graph.Entity{ID: id, Kind: graph.KindPerson}
	primary := -1
	for i, n := range d.Names {
		if t := strings.TrimSpace(n.Type); (t == "individual" || t == "legal") && nameOf(n) != "" {
			primary = i
			break
		}
	}
	for i, n := range d.Names {
		if primary < 0 && nameOf(n) != "" {
			primary = i
		}
	}
	if primary >= 0 {
		e.Name = nameOf(d.Names[primary])
	}
	for i, n := range d.Names {
		if i != primary && nameOf(n) != e.Name {
			e.Aliases = ingest.AppendNew(e.Aliases, nameOf(n))
		}
	}
	for _, n := range d.Nationalities {
		e.Countries = ingest.AppendNew(e.Countries, n.code())
	}
	common(&e, p)
	if b := strings.TrimSpace(d.BirthDate); b != "" {
		e.Facts = append(e.Facts, graph.Fact{Type: graph.FactBirthDate, Value: b})
	}
	if x.placeOfBirth != nil {
		if s := address(*x.placeOfBirth).String(); s != "" {
			e.Facts = append(e.Facts, graph.Fact{Type: graph.FactBirthPlace, Value: s})
		}
	}
	if dd := strings.TrimSpace(d.DeathDate); dd != "" {
		e.Facts = append(e.Facts, graph.Fact{Type: "death-date", Value: dd})
	}
	for _, r := range x.positions {
		if r = strings.TrimSpace(r); r != "" {
			e.Facts = append(e.Facts, graph.Fact{Type: graph.FactPosition, Value: r})
		}
	}
	switch pt := strings.TrimSpace(x.typ); pt {
	case "anonymousPerson", "unknownPerson":
		e.Kind = graph.KindUnknown
		word := "unknown person"
		if pt == "anonymousPerson" {
			word = "anonymous person"
		}
		if e.Name == "" {
			e.Name = describe(word, x.unspecified, strings.TrimSpace(x.missingInfo))
		}
	}
	if e.Name == "" {
		e.Name = "unnamed person " + strings.TrimPrefix(id, SourceName+":")
	}
	return e
}
