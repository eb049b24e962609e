package gleif

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// Fact types of this source.
const (
	FactEntityStatus          = "entity-status"
	FactEntityCategory        = "entity-category"
	FactLegalJurisdiction     = "legal-jurisdiction"
	FactLegalForm             = "legal-form"
	FactRegistrationStatus    = "lei-registration-status"
	FactRegistrationAuthority = "registration-authority"
	FactReportingException    = "reporting-exception"
)

type gAddress struct {
	First      string   `xml:"FirstAddressLine"`
	Number     string   `xml:"AddressNumber"`
	Additional []string `xml:"AdditionalAddressLine"`
	City       string   `xml:"City"`
	Region     string   `xml:"Region"`
	Country    string   `xml:"Country"`
	Postal     string   `xml:"PostalCode"`
}

func (a gAddress) graph() graph.Address {
	parts := append([]string{a.First, a.Number}, a.Additional...)
	var street []string
	for _, s := range parts {
		if s = clean(s); s != "" {
			street = append(street, s)
		}
	}
	return graph.Address{Street: strings.Join(street, ", "), City: clean(a.City), Region: clean(a.Region),
		Postal: clean(a.Postal), Country: clean(a.Country)}
}

type leiRecord struct {
	LEI    string `xml:"LEI"`
	Entity struct {
		LegalName     string   `xml:"LegalName"`
		OtherNames    []string `xml:"OtherEntityNames>OtherEntityName"`
		TranslitNames []string `xml:"TransliteratedOtherEntityNames>TransliteratedOtherEntityName"`
		LegalAddress  gAddress `xml:"LegalAddress"`
		HQAddress     gAddress `xml:"HeadquartersAddress"`
		RegAuthority  struct {
			ID       string `xml:"RegistrationAuthorityID"`
			OtherID  string `xml:"OtherRegistrationAuthorityID"`
			EntityID string `xml:"RegistrationAuthorityEntityID"`
		} `xml:"RegistrationAuthority"`
		LegalJurisdiction string `xml:"LegalJurisdiction"`
		EntityCategory    string `xml:"EntityCategory"`
		LegalForm         struct {
			Code  string `xml:"EntityLegalFormCode"`
			Other string `xml:"OtherLegalForm"`
		} `xml:"LegalForm"`
		EntityStatus string `xml:"EntityStatus"`
		CreationDate string `xml:"EntityCreationDate"`
	} `xml:"Entity"`
	Registration struct {
		Status string `xml:"RegistrationStatus"`
	} `xml:"Registration"`
}

type node struct {
	ID   string `xml:"NodeID"`
	Type string `xml:"NodeIDType"`
}

type rrRecord struct {
	Relationship struct {
		Start   node   `xml:"StartNode"`
		End     node   `xml:"EndNode"`
		Type    string `xml:"RelationshipType"`
		Periods []struct {
			Start string `xml:"StartDate"`
			End   string `xml:"EndDate"`
			Type  string `xml:"PeriodType"`
		} `xml:"RelationshipPeriods>RelationshipPeriod"`
		Status      string `xml:"RelationshipStatus"`
		Quantifiers []struct {
			Method string `xml:"MeasurementMethod"`
			Amount string `xml:"QuantifierAmount"`
			Units  string `xml:"QuantifierUnits"`
		} `xml:"RelationshipQuantifiers>RelationshipQuantifier"`
	} `xml:"Relationship"`
	Registration struct {
		Status     string `xml:"RegistrationStatus"`
		LastUpdate string `xml:"LastUpdateDate"`
	} `xml:"Registration"`
	DeletedAt string `xml:"Extension>Deletion>DeletedAt"`
}

type repexRecord struct {
	LEI        string   `xml:"LEI"`
	Category   string   `xml:"ExceptionCategory"`
	Reasons    []string `xml:"ExceptionReason"`
	References []string `xml:"ExceptionReference"`
}

// The text helpers are package ingest's (one implementation for every
// ingester); the short names keep the call sites as they were.
var (
	clean     = ingest.Clean
	appendNew = ingest.AppendNew
)

// normLEI upper-cases a LEI and checks its shape: 20 letters and digits.
func normLEI(s string) (string, bool) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if len(t) != 20 {
		return t, false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return t, false
		}
	}
	return t, true
}

// dateOf returns the date part of an xs:dateTime or xs:date as published
// (the local date, whatever the offset).
func dateOf(s string) (graph.Date, error) {
	t := strings.TrimSpace(s)
	if len(t) > 10 {
		t = t[:10]
	}
	return graph.ParseDate(t)
}

// jurisdictionCountry returns the ISO country of a jurisdiction ("US-DE" →
// "US"), or "".
func jurisdictionCountry(j string) string {
	c, _, _ := strings.Cut(strings.ToUpper(clean(j)), "-")
	if len(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' {
		return c
	}
	return ""
}

// kindOf maps the EntityCategory.
func kindOf(cat string) graph.Kind {
	switch strings.ToUpper(clean(cat)) {
	case "FUND", "RESIDENT_GOVERNMENT_ENTITY", "INTERNATIONAL_ORGANIZATION":
		return graph.KindOrganization
	case "SOLE_PROPRIETOR":
		return graph.KindPerson
	}
	return graph.KindCompany
}

// lei converts a level-1 record.
func (p *parser) lei(r *leiRecord) *ingest.RowError {
	lei, ok := normLEI(r.LEI)
	if !ok {
		return &ingest.RowError{Column: "LEI", Record: clean(r.LEI), Reason: fmt.Sprintf("bad LEI %q: want 20 letters and digits", clean(r.LEI))}
	}
	en := &r.Entity
	name := clean(en.LegalName)
	if name == "" {
		return &ingest.RowError{Column: "LegalName", Record: lei, Reason: "no LegalName"}
	}
	var created graph.Date
	if v := clean(en.CreationDate); v != "" {
		d, err := dateOf(v)
		if err != nil {
			return &ingest.RowError{Column: "EntityCreationDate", Record: lei, Reason: err.Error()}
		}
		created = d
	}
	e := graph.Entity{ID: "lei:" + lei, Kind: kindOf(en.EntityCategory), Name: name,
		Identifiers: []graph.Identifier{{Scheme: "lei", Value: lei}},
		Provenance:  graph.Provenance{Source: SourceName, Record: lei}}
	for _, n := range append(append([]string{}, en.OtherNames...), en.TranslitNames...) {
		if n = clean(n); n != "" && n != name {
			e.Aliases = appendNew(e.Aliases, n)
		}
	}
	jur := strings.ToUpper(clean(en.LegalJurisdiction))
	country := jurisdictionCountry(jur)
	if country == "" {
		country = jurisdictionCountry(en.LegalAddress.Country)
	}
	if country != "" {
		e.Countries = []string{country}
	}
	ra := clean(en.RegAuthority.ID)
	if ra == "" {
		ra = clean(en.RegAuthority.OtherID)
	}
	if v := clean(en.RegAuthority.EntityID); v != "" {
		e.Identifiers = append(e.Identifiers, graph.Identifier{Scheme: "registration", Value: v, Country: country})
	}
	la, hq := en.LegalAddress.graph(), en.HQAddress.graph()
	if la != (graph.Address{}) {
		e.Addresses = append(e.Addresses, la)
	}
	if hq != (graph.Address{}) && hq != la {
		e.Addresses = append(e.Addresses, hq)
	}
	add := func(t, v string) {
		if v = clean(v); v != "" {
			e.Facts = append(e.Facts, graph.Fact{Type: t, Value: v})
		}
	}
	add(FactEntityStatus, en.EntityStatus)
	add(FactLegalJurisdiction, jur)
	add(FactEntityCategory, en.EntityCategory)
	lf := clean(en.LegalForm.Code)
	if o := clean(en.LegalForm.Other); o != "" {
		if lf != "" {
			lf += " "
		}
		lf += "(" + o + ")"
	}
	add(FactLegalForm, lf)
	add(graph.FactEstablishmentDate, string(created))
	add(FactRegistrationStatus, r.Registration.Status)
	add(FactRegistrationAuthority, ra)
	if i, ok := p.exceptions[lei]; ok {
		e.Facts = append(e.Facts, p.factSets[i]...)
		delete(p.exceptions, lei)
	}
	q := p.Group()
	q.Entities = append(q.Entities, e)
	return nil
}

// nodeID returns the graph id of a relationship node.
func nodeID(n node, which string) (string, *ingest.RowError) {
	typ := strings.ToUpper(clean(n.Type))
	if typ == "" || typ == "LEI" {
		lei, ok := normLEI(n.ID)
		if !ok {
			return "", &ingest.RowError{Column: which + "/NodeID", Reason: fmt.Sprintf("bad LEI %q: want 20 letters and digits", clean(n.ID))}
		}
		return "lei:" + lei, nil
	}
	id := clean(n.ID)
	if id == "" || strings.ContainsAny(id, " :") {
		return "", &ingest.RowError{Column: which + "/NodeID", Reason: fmt.Sprintf("bad node id %q", id)}
	}
	// A node identified otherwise (not seen in the Golden Copy so far).
	return "gleif:" + strings.ToLower(typ) + ":" + id, nil
}

// relationship converts a level-2 record.
// seen, called with the record's id once the record is known good, reports
// a record id given before in the file (ingest.IDLines).
func (p *parser) relationship(r *rrRecord, seen func(id string) *ingest.RowError) *ingest.RowError {
	rel := &r.Relationship
	child, rerr := nodeID(rel.Start, "StartNode")
	if rerr != nil {
		return rerr
	}
	parent, rerr := nodeID(rel.End, "EndNode")
	if rerr != nil {
		return rerr
	}
	typ := strings.ToUpper(clean(rel.Type))
	recID := strings.TrimPrefix(child, "lei:") + "/" + typ + "/" + strings.TrimPrefix(parent, "lei:")
	rerrf := func(col, format string, a ...any) *ingest.RowError {
		return &ingest.RowError{Column: col, Record: recID, Reason: fmt.Sprintf(format, a...)}
	}
	if child == parent {
		return rerrf("EndNode", "relationship of %s with itself", child)
	}
	switch strings.ToUpper(clean(r.Registration.Status)) {
	case "ANNULLED", "DUPLICATE":
		// An erroneous or duplicate record: it never described a
		// relationship.
		return nil
	}
	sp, rerr := relSpan(r, p.content, rerrf)
	if rerr != nil {
		return rerr
	}
	prov := graph.Provenance{Source: SourceName, Record: recID}
	if typ == "" {
		return rerrf("RelationshipType", "no RelationshipType")
	}
	var share *graph.Pct
	if typ == DirectlyConsolidatedBy {
		v, ok, rerr := quantifier(r, rerrf)
		if rerr != nil {
			return rerr
		}
		if ok {
			share = &v
		}
	}
	if !AppendRelation(p.Group(), typ, child, parent, share, sp, recID, prov) {
		return rerrf("RelationshipType", "unknown RelationshipType %q", typ)
	}
	return seen(recID)
}

// quantifier returns the PERCENTAGE quantifier of a relationship.
func quantifier(r *rrRecord, rerrf func(string, string, ...any) *ingest.RowError) (graph.Pct, bool, *ingest.RowError) {
	for _, q := range r.Relationship.Quantifiers {
		if strings.ToUpper(clean(q.Units)) != "PERCENTAGE" {
			continue
		}
		v, err := graph.ParsePct(clean(q.Amount))
		if err != nil {
			return 0, false, rerrf("QuantifierAmount", "%v", err)
		}
		return v, true, nil
	}
	return 0, false, nil
}

// relSpan computes a relationship's validity: from the earliest
// RELATIONSHIP_PERIOD start to its end; accounting and filing periods are
// not the relationship's life and are ignored. An INACTIVE or RETIRED
// relationship without an end date ends at the record's LastUpdateDate
// (else the file's ContentDate); a record deleted from the Golden Copy
// ends at its DeletedAt date.
func relSpan(r *rrRecord, content graph.Date, rerrf func(string, string, ...any) *ingest.RowError) (graph.Span, *ingest.RowError) {
	var sp graph.Span
	open := false
	seen := false
	for _, per := range r.Relationship.Periods {
		if strings.ToUpper(clean(per.Type)) != "RELATIONSHIP_PERIOD" {
			continue
		}
		var s, e graph.Date
		var err error
		if v := clean(per.Start); v != "" {
			if s, err = dateOf(v); err != nil {
				return sp, rerrf("StartDate", "%v", err)
			}
		}
		if v := clean(per.End); v != "" {
			if e, err = dateOf(v); err != nil {
				return sp, rerrf("EndDate", "%v", err)
			}
		}
		if s != "" && e != "" && e <= s {
			return sp, rerrf("EndDate", "relationship period ends %s, not after its start %s", e, s)
		}
		if !seen || (sp.Start != "" && (s == "" || s < sp.Start)) {
			sp.Start = s
		}
		if e == "" {
			open = true
		} else if e > sp.End {
			sp.End = e
		}
		seen = true
	}
	if open {
		sp.End = ""
	}
	if sp.End == "" {
		st := strings.ToUpper(clean(r.Relationship.Status))
		reg := strings.ToUpper(clean(r.Registration.Status))
		if st == "INACTIVE" || reg == "RETIRED" {
			if d, err := dateOf(r.Registration.LastUpdate); err == nil && d != "" {
				sp.End = d
			} else {
				sp.End = content
			}
			if sp.End == "" {
				return sp, rerrf("RelationshipStatus", "inactive relationship without any end date, LastUpdateDate or ContentDate")
			}
		}
	}
	if v := clean(r.DeletedAt); v != "" && sp.End == "" {
		d, err := dateOf(v)
		if err != nil {
			return sp, rerrf("DeletedAt", "%v", err)
		}
		sp.End = d
	}
	if sp.Start != "" && sp.End != "" && sp.End <= sp.Start {
		return sp, rerrf("EndDate", "relationship ends %s, not after its start %s", sp.End, sp.Start)
	}
	return sp, nil
}

// exceptionLabel names an exception category in a fact.
func exceptionLabel(cat string) string {
	switch cat {
	case "DIRECT_ACCOUNTING_CONSOLIDATION_PARENT":
		return "no-direct-parent"
	case "ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT":
		return "no-ultimate-parent"
	}
	return strings.ReplaceAll(strings.ToLower(cat), "_", "-")
}

// exception records a reporting exception until its LEI's level-1 record
// is read (or the parse ends).
func (p *parser) exception(r *repexRecord) *ingest.RowError {
	lei, ok := normLEI(r.LEI)
	if !ok {
		return &ingest.RowError{Column: "LEI", Record: clean(r.LEI), Reason: fmt.Sprintf("bad LEI %q: want 20 letters and digits", clean(r.LEI))}
	}
	cat := strings.ToUpper(clean(r.Category))
	if cat == "" {
		return &ingest.RowError{Column: "ExceptionCategory", Record: lei, Reason: "no ExceptionCategory"}
	}
	var reasons []string
	for _, v := range r.Reasons {
		if v = strings.ToUpper(clean(v)); v != "" {
			reasons = append(reasons, v)
		}
	}
	if len(reasons) == 0 {
		return &ingest.RowError{Column: "ExceptionReason", Record: lei, Reason: "no ExceptionReason"}
	}
	val := exceptionLabel(cat) + ": " + strings.Join(reasons, ", ")
	var refs []string
	for _, v := range r.References {
		if v = clean(v); v != "" {
			refs = append(refs, v)
		}
	}
	if len(refs) > 0 {
		val += " (" + strings.Join(refs, "; ") + ")"
	}
	var facts []graph.Fact
	if i, ok := p.exceptions[lei]; ok {
		facts = append(facts, p.factSets[i]...)
	}
	for _, f := range facts {
		if f.Value == val {
			return nil
		}
	}
	facts = append(facts, graph.Fact{Type: FactReportingException, Value: val})
	p.exceptions[lei] = p.intern(facts)
	return nil
}

// intern returns the index of a fact set, adding it when new.
func (p *parser) intern(fs []graph.Fact) int32 {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Value)
		b.WriteByte(0)
	}
	k := b.String()
	if i, ok := p.setIndex[k]; ok {
		return i
	}
	i := int32(len(p.factSets))
	p.factSets = append(p.factSets, fs)
	p.setIndex[k] = i
	return i
}

// finish emits the reporting exceptions of LEIs without a level-1 record
// in this parse, then the last batch.
func (p *parser) finish() error {
	leis := make([]string, 0, len(p.exceptions))
	for l := range p.exceptions {
		leis = append(leis, l)
	}
	sort.Strings(leis)
	q := p.Group()
	for _, l := range leis {
		q.Entities = append(q.Entities, graph.Entity{ID: "lei:" + l, Kind: graph.KindUnknown, Name: l,
			Identifiers: []graph.Identifier{{Scheme: "lei", Value: l}},
			Facts:       append([]graph.Fact(nil), p.factSets[p.exceptions[l]]...),
			Provenance:  graph.Provenance{Source: SourceName, Record: l}})
		delete(p.exceptions, l)
		if err := p.Commit(); err != nil {
			return err
		}
	}
	return p.Flush()
}
