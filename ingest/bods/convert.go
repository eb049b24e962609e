package bods

import (
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
)

// v04 maps a BODS 0.4 statement that validate04 accepted.
func (p *parser) v04(raw []byte, path string) (*outcome, *verr) {
	var st statement04
	if e := decodeInto(raw, &st, path); e != nil {
		return nil, e
	}
	sid := strings.TrimSpace(st.StatementID)
	rid := strings.TrimSpace(st.RecordID)
	date := strings.TrimSpace(st.StatementDate)
	prov := graph.Provenance{Source: sourceOf(st.Publication), Record: sid}
	id := SourceName + ":" + rid
	dpath := path + ".recordDetails"
	switch strings.TrimSpace(st.RecordType) {
	case "entity":
		var d entity04
		if e := decodeInto(st.RecordDetails, &d, dpath); e != nil {
			return nil, e
		}
		e := entityFrom(id, d.EntityType.Type, d.partyFields, d.entityFields, []*jurisdictionJSON{d.Jurisdiction}, d.UnspecifiedEntityDetails)
		e.Provenance = prov
		return &outcome{entity: &e, guardKey: rid, date: date}, nil
	case "person":
		var d person04
		if e := decodeInto(st.RecordDetails, &d, dpath); e != nil {
			return nil, e
		}
		x := person{typ: d.PersonType, placeOfBirth: d.PlaceOfBirth, unspecified: d.UnspecifiedPersonDetails}
		if pe := d.PoliticalExposure; pe != nil {
			if strings.TrimSpace(pe.Status) == "isPep" {
				x.positions = append(x.positions, "politically exposed person")
			}
			for _, det := range pe.Details {
				x.positions = append(x.positions, det.Reason)
			}
		}
		e := personFrom(id, d.partyFields, d.personFields, x)
		e.Provenance = prov
		return &outcome{entity: &e, guardKey: rid, date: date}, nil
	}
	var d relationship04
	if e := decodeInto(st.RecordDetails, &d, dpath); e != nil {
		return nil, e
	}
	r := &rel{date: date}
	party := func(role string, x party04) string {
		if x.RecordID != nil {
			return SourceName + ":" + *x.RecordID
		}
		e := unspecifiedParty(sid, role, x.Unspecified, prov)
		r.parties = append(r.parties, e)
		return e.ID
	}
	owned := party("subject", d.Subject)
	owner := party("interestedParty", d.InterestedParty)
	if e := interests(r, owner, owned, d.Interests, dpath+".interests", prov); e != nil {
		return nil, e
	}
	setRefs(r, rid)
	o := &outcome{rel: r, relKey: "r:" + rid, noInterests: len(d.Interests) == 0}
	if strings.TrimSpace(st.RecordStatus) == "closed" {
		o.closeAt = dateOf(date)
		if o.closeAt == "" {
			return nil, errf("required", path, `"statementDate" is required to close a record`)
		}
	}
	return o, nil
}

// legacy maps a BODS 0.2/0.3 statement (statementType, statementID) that
// validate02 accepted.
func (p *parser) legacy(raw []byte, path string) (*outcome, *verr) {
	var st statement02
	if e := decodeInto(raw, &st, path); e != nil {
		return nil, e
	}
	sid := strings.TrimSpace(st.StatementID)
	if sid == "" {
		return nil, errf("minLength", path+".statementID", "statementID is empty")
	}
	replaces := st.ReplacesStatements
	if p.replaced[sid] {
		return &outcome{}, nil // replaced by a statement already read
	}
	prov := graph.Provenance{Source: sourceOf(st.Publication), Record: sid}
	o := &outcome{replaces: replaces}
	st0 := strings.TrimSpace(st.StatementType)
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
			typ := ""
			if t := st.EntityType; t != nil {
				if !slices.Contains(entityTypes, *t) {
					return nil, errf("enum", path+".entityType", "entityType: %v is not one of the codes %s", *t, strings.Join(entityTypes, ", "))
				}
				typ = *t
			}
			e = entityFrom(id, typ, st.partyFields, st.entityFields,
				[]*jurisdictionJSON{st.Jurisdiction, st.IncorporatedInJurisdiction}, nil)
		} else {
			if t := st.PersonType; t != nil && !slices.Contains(personTypes, *t) {
				return nil, errf("enum", path+".personType", "personType: %v is not one of the codes %s", *t, strings.Join(personTypes, ", "))
			}
			x := person{unspecified: st.UnspecifiedPersonDetails, missingInfo: st.MissingInfoReason}
			if st.PersonType != nil {
				x.typ = *st.PersonType
			}
			for _, pe := range st.PepStatusDetails {
				x.positions = append(x.positions, pe.Reason)
			}
			e = personFrom(id, st.partyFields, st.personFields, x)
		}
		e.Provenance = prov
		o.entity, o.stmtID = &e, sid
		return o, nil
	case "ownershipOrControlStatement":
	default:
		return nil, errf("enum", path+".statementType", "statementType: %q is not one of the codes entityStatement, personStatement, ownershipOrControlStatement", st0)
	}
	r := &rel{date: strings.TrimSpace(st.StatementDate)}
	ref := func(role string, x *party02, ids ...string) (string, *verr) {
		if x == nil {
			return "", errf("required", path, "%q is a required property", role)
		}
		for _, s := range ids {
			if s = strings.TrimSpace(s); s != "" {
				if id, ok := p.stmtEntity[s]; ok {
					return id, nil
				}
				return SourceName + ":" + s, nil
			}
		}
		if x.Unspecified != nil {
			e := unspecifiedParty(sid, role, x.Unspecified, prov)
			r.parties = append(r.parties, e)
			return e.ID, nil
		}
		keys := "describedByEntityStatement"
		if role == "interestedParty" {
			keys = "describedByPersonStatement or describedByEntityStatement"
		}
		return "", errf("required", path+"."+role, "%s names no statement (%s) and is not unspecified", role, keys)
	}
	var owned, owner string
	var e *verr
	if owned, e = ref("subject", st.Subject, subjectID(st.Subject)); e != nil {
		return nil, e
	}
	var ip []string
	if x := st.InterestedParty; x != nil {
		ip = []string{x.DescribedByPersonStatement, x.DescribedByEntityStatement}
	}
	if owner, e = ref("interestedParty", st.InterestedParty, ip...); e != nil {
		return nil, e
	}
	if e := interests(r, owner, owned, st.Interests, path+".interests", prov); e != nil {
		return nil, e
	}
	o.relRef = sid
	for _, x := range replaces {
		if prev, ok := p.relRef[x]; ok {
			o.relRef = prev
			break
		}
	}
	setRefs(r, o.relRef)
	o.rel, o.relKey = r, "s:"+sid
	return o, nil
}

func subjectID(x *party02) string {
	if x == nil {
		return ""
	}
	return x.DescribedByEntityStatement
}
