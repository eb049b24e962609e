package psc

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// pscData is the "data" object of a snapshot line.
type pscData struct {
	Kind         string `json:"kind"`
	Name         string `json:"name"`
	NameElements struct {
		Title      string `json:"title"`
		Forename   string `json:"forename"`
		MiddleName string `json:"middle_name"`
		Surname    string `json:"surname"`
	} `json:"name_elements"`
	Nationality        string   `json:"nationality"`
	CountryOfResidence string   `json:"country_of_residence"`
	DateOfBirth        *dob     `json:"date_of_birth"`
	Address            *address `json:"address"`
	PrincipalOffice    *address `json:"principal_office_address"`
	NaturesOfControl   []string `json:"natures_of_control"`
	NotifiedOn         string   `json:"notified_on"`
	CeasedOn           string   `json:"ceased_on"`
	Ceased             *bool    `json:"ceased"`
	Description        string   `json:"description"`
	Etag               string   `json:"etag"`
	Links              struct {
		Self string `json:"self"`
	} `json:"links"`
	Identification *struct {
		LegalAuthority     string `json:"legal_authority"`
		LegalForm          string `json:"legal_form"`
		PlaceRegistered    string `json:"place_registered"`
		RegistrationNumber string `json:"registration_number"`
		CountryRegistered  string `json:"country_registered"`
	} `json:"identification"`
	IsSanctioned *bool                      `json:"is_sanctioned"`
	Statement    string                     `json:"statement"`
	Exemptions   map[string]json.RawMessage `json:"exemptions"`
}

type dob struct {
	Month int `json:"month"`
	Year  int `json:"year"`
}

type address struct {
	CareOf       string `json:"care_of"`
	POBox        string `json:"po_box"`
	Premises     string `json:"premises"`
	AddressLine1 string `json:"address_line_1"`
	AddressLine2 string `json:"address_line_2"`
	Locality     string `json:"locality"`
	Region       string `json:"region"`
	PostalCode   string `json:"postal_code"`
	Country      string `json:"country"`
}

// addressCodes replaces the published countries of e's addresses by ISO
// codes where the table knows them ("England" is GB), keeping each text as
// a country-name fact (ingest.Country); it runs after e's facts are set.
func addressCodes(e *graph.Entity) {
	for i := range e.Addresses {
		if c := e.Addresses[i].Country; c != "" {
			e.Addresses[i].Country = ingest.Country(e, c)
		}
	}
}

func (a *address) graph() (graph.Address, bool) {
	if a == nil {
		return graph.Address{}, false
	}
	var street []string
	for _, s := range []string{a.CareOf, a.POBox, a.Premises, a.AddressLine1, a.AddressLine2} {
		if s = clean(s); s != "" {
			street = append(street, s)
		}
	}
	g := graph.Address{Street: strings.Join(street, ", "), City: clean(a.Locality), Region: clean(a.Region),
		Postal: clean(a.PostalCode), Country: clean(a.Country)}
	return g, g != graph.Address{}
}

// Fact types of this source (besides the graph.Fact* ones).
const (
	FactPSCKind         = "psc-kind"
	FactNatureOfControl = "nature-of-control"
	FactResidence       = "country-of-residence"
	FactNotifiedOn      = "psc-notified-on"
	FactCeasedOn        = "psc-ceased-on"
	FactSanctioned      = "is-sanctioned"
	FactStatement       = "psc-statement"
	FactExemption       = "psc-exemption"
	FactLegalForm       = "legal-form"
	FactLegalAuthority  = "legal-authority"
	FactPlaceRegistered = "place-registered"
	FactCompanyStatus   = "company-status"
	FactCompanyCategory = "company-category"
	FactDissolutionDate = "dissolution-date"
	FactSIC             = "sic"
	FactCountryOfOrigin = "country-of-origin"
	FactSuperSecure     = "super-secure"
	FactCompanyNumber   = "company-number"
	FactCeased          = "ceased"
	statementPrefix     = "PSC statement: "
	superSecureName     = "super-secure person with significant control"
	exemptionsName      = "PSC exemptions"
)

// The text helpers are package ingest's (one implementation for every
// ingester); the short names keep the call sites as they were.
var (
	clean        = ingest.Clean
	allDigits    = ingest.AllDigits
	joinNonEmpty = ingest.JoinNonEmpty
	appendNew    = ingest.AppendNew
)

// CompanyID returns the graph id of a Companies House company number.
func CompanyID(number string) string { return "gb-coh:" + NormalizeCompanyNumber(number) }

// NormalizeCompanyNumber removes white space, upper-cases and zero-pads a
// company number: all digits to 8 digits, a two-letter prefix (SC, NI, OC,
// OE, …) followed by digits to 2+6 characters. Anything else is returned
// cleaned but otherwise as given.
func NormalizeCompanyNumber(s string) string {
	t := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if t == "" {
		return ""
	}
	if allDigits(t) && len(t) <= 8 {
		return strings.Repeat("0", 8-len(t)) + t
	}
	if len(t) > 2 && len(t) <= 8 && isUpper(t[0]) && isUpper(t[1]) && allDigits(t[2:]) {
		return t[:2] + strings.Repeat("0", 8-len(t)) + t[2:]
	}
	return t
}

// isCompanyNumber reports whether a normalised number has the shape of a
// Companies House number: 8 digits, or 2 letters and 6 digits.
func isCompanyNumber(t string) bool {
	return len(t) == 8 && (allDigits(t) || (isUpper(t[0]) && isUpper(t[1]) && allDigits(t[2:])))
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// ukWords are the spellings, found in identification.country_registered and
// place_registered, that mean a register kept by Companies House.
var ukWords = []string{"england", "wales", "scotland", "northern ireland", "united kingdom", "great britain",
	"britain", "companies house", "uk", "u k", "gb", "registrar of companies for england"}

// notUK are names containing a UK word that are not the UK.
var notUK = []string{"new south wales", "new england"}

// isUK reports whether a free-text country or register names the UK.
func isUK(s string) bool {
	t := " " + strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return ' '
	}, s)), " ") + " "
	for _, w := range notUK {
		if strings.Contains(t, " "+w+" ") {
			return false
		}
	}
	for _, w := range ukWords {
		if strings.Contains(t, " "+w+" ") {
			return true
		}
	}
	return false
}

// ukCountry returns "GB" for a UK country name (England, Wales, …).
func ukCountry(s string) []string {
	if s != "" && isUK(s) {
		return []string{"GB"}
	}
	return nil
}

// ukNationality returns "GB" for British nationals.
func ukNationality(s string) []string {
	switch strings.ToLower(clean(s)) {
	case "british", "english", "welsh", "scottish", "northern irish", "united kingdom", "uk":
		return []string{"GB"}
	}
	return nil
}

// pscID returns the PSC's own id: the last segment of links.self, else
// the etag.
func pscID(d *pscData) string {
	self := strings.TrimRight(strings.TrimSpace(d.Links.Self), "/")
	if i := strings.LastIndexByte(self, '/'); i >= 0 && i+1 < len(self) {
		return self[i+1:]
	}
	if self != "" {
		return self
	}
	return strings.TrimSpace(d.Etag)
}

// record returns the provenance record: links.self, else the etag.
func record(d *pscData) string {
	if s := strings.TrimSpace(d.Links.Self); s != "" {
		return s
	}
	return strings.TrimSpace(d.Etag)
}

// span reads notified_on and ceased_on.
func span(d *pscData) (graph.Span, *ingest.RowError) {
	s, err := graph.ParseDate(strings.TrimSpace(d.NotifiedOn))
	if err != nil {
		return graph.Span{}, &ingest.RowError{Column: "notified_on", Reason: err.Error()}
	}
	e, err := graph.ParseDate(strings.TrimSpace(d.CeasedOn))
	if err != nil {
		return graph.Span{}, &ingest.RowError{Column: "ceased_on", Reason: err.Error()}
	}
	if s != "" && e != "" {
		if e < s {
			return graph.Span{}, &ingest.RowError{Column: "ceased_on",
				Reason: fmt.Sprintf("ceased_on %s is before notified_on %s", e, s)}
		}
		if e == s {
			// Notified and ceased on the same day: the interest ended
			// then; when it began is not known.
			s = ""
		}
	}
	return graph.Span{Start: s, End: e}, nil
}

// psc converts one snapshot record (company_number cn, data d).
func (p *parser) psc(cn string, d *pscData) *ingest.RowError {
	kind := strings.TrimSpace(d.Kind)
	if kind == KindTotals {
		return nil
	}
	company := NormalizeCompanyNumber(cn)
	if company == "" {
		return &ingest.RowError{Column: "company_number", Reason: "no company_number"}
	}
	companyID := "gb-coh:" + company
	id := pscID(d)
	if id == "" {
		return &ingest.RowError{Column: "links.self", Reason: "no PSC id: neither links.self nor etag"}
	}
	sp, rerr := span(d)
	if rerr != nil {
		return rerr
	}
	prov := graph.Provenance{Source: ProvenancePSC, Record: record(d)}
	if e := p.ids.Seen(p.file, "links.self", prov.Record, p.line); e != nil {
		return e
	}
	localID := "gb-psc:" + company + ":" + id

	switch {
	case kind == KindStatement || kind == KindExemptions:
		return p.statement(kind, companyID, localID, sp, prov, d)
	case strings.HasPrefix(kind, "super-secure-"):
		return p.superSecure(kind, companyID, localID, sp, prov, d)
	case kind == "individual-person-with-significant-control", kind == "individual-beneficial-owner":
		e, rerr := individual(kind, localID, company, d)
		if rerr != nil {
			return rerr
		}
		e.Provenance = prov
		return p.interest(e, companyID, sp, prov, d)
	case kind == "corporate-entity-person-with-significant-control", kind == "corporate-entity-beneficial-owner",
		kind == "legal-person-person-with-significant-control", kind == "legal-person-beneficial-owner":
		e, rerr := corporate(kind, localID, company, d)
		if rerr != nil {
			return rerr
		}
		e.Provenance = prov
		return p.interest(e, companyID, sp, prov, d)
	case kind == "":
		return &ingest.RowError{Column: "data.kind", Reason: "no data.kind"}
	}
	return &ingest.RowError{Column: "data.kind", Reason: fmt.Sprintf("unknown record kind %q", kind)}
}

// parseNatures checks every natures_of_control code.
func parseNatures(d *pscData) ([]nature, *ingest.RowError) {
	ns := make([]nature, 0, len(d.NaturesOfControl))
	for _, c := range d.NaturesOfControl {
		n, ok := parseNature(c)
		if !ok {
			return nil, &ingest.RowError{Column: "natures_of_control", Reason: fmt.Sprintf("unknown nature of control %q", c)}
		}
		ns = append(ns, n)
	}
	return ns, nil
}

// interest adds the PSC entity, its holding and its control edges.
func (p *parser) interest(e graph.Entity, companyID string, sp graph.Span, prov graph.Provenance, d *pscData) *ingest.RowError {
	ns, rerr := parseNatures(d)
	if rerr != nil {
		return rerr
	}
	if e.ID == companyID {
		return &ingest.RowError{Column: "identification.registration_number",
			Reason: "the PSC's registration number is the company's own number"}
	}
	share, votes, hold, bases := interests(ns)
	q := p.Group()
	q.Entities = append(q.Entities, e)
	if hold {
		q.Holdings = append(q.Holdings, graph.Holding{Owner: e.ID, Owned: companyID,
			Share: share, Votes: votes, Span: sp, Provenance: prov})
	}
	for _, b := range bases {
		q.Controls = append(q.Controls, graph.Control{Controller: e.ID, Controlled: companyID,
			Basis: b, Span: sp, Provenance: prov})
	}
	return nil
}

// commonFacts are the facts every gb-psc entity carries.
func commonFacts(kind, company string, d *pscData) []graph.Fact {
	fs := []graph.Fact{{Type: FactPSCKind, Value: kind}, {Type: FactCompanyNumber, Value: company}}
	for _, c := range d.NaturesOfControl {
		fs = append(fs, graph.Fact{Type: FactNatureOfControl, Value: clean(c)})
	}
	if v := clean(d.NotifiedOn); v != "" {
		fs = append(fs, graph.Fact{Type: FactNotifiedOn, Value: v})
	}
	if v := clean(d.CeasedOn); v != "" {
		fs = append(fs, graph.Fact{Type: FactCeasedOn, Value: v})
	}
	if d.IsSanctioned != nil {
		fs = append(fs, graph.Fact{Type: FactSanctioned, Value: strconv.FormatBool(*d.IsSanctioned)})
	}
	return fs
}

func addresses(as ...*address) []graph.Address {
	var out []graph.Address
	for _, a := range as {
		if g, ok := a.graph(); ok {
			dup := false
			for _, o := range out {
				dup = dup || o == g
			}
			if !dup {
				out = append(out, g)
			}
		}
	}
	return out
}

// individual builds a person PSC.
func individual(kind, id, company string, d *pscData) (graph.Entity, *ingest.RowError) {
	name := clean(d.Name)
	if name == "" {
		ne := d.NameElements
		name = clean(strings.Join([]string{ne.Title, ne.Forename, ne.MiddleName, ne.Surname}, " "))
	}
	if name == "" {
		return graph.Entity{}, &ingest.RowError{Column: "name", Reason: "individual PSC without a name"}
	}
	e := graph.Entity{ID: id, Kind: graph.KindPerson, Name: name}
	e.Countries = appendNew(ukNationality(d.Nationality), ukCountry(d.CountryOfResidence)...)
	e.Addresses = addresses(d.Address, d.PrincipalOffice)
	e.Facts = commonFacts(kind, company, d)
	if t := clean(d.NameElements.Title); t != "" {
		e.Facts = append(e.Facts, graph.Fact{Type: graph.FactTitle, Value: t})
	}
	if v := clean(d.Nationality); v != "" {
		for _, n := range strings.Split(v, ",") {
			if n = clean(n); n != "" {
				e.Facts = append(e.Facts, graph.Fact{Type: graph.FactNationality, Value: n})
			}
		}
	}
	if v := clean(d.CountryOfResidence); v != "" {
		e.Facts = append(e.Facts, graph.Fact{Type: FactResidence, Value: v})
		ingest.AddCountry(&e, v) // "England" is GB, "France" FR (issue 16)
	}
	addressCodes(&e)
	if b := d.DateOfBirth; b != nil && b.Year > 0 {
		v := fmt.Sprintf("%04d", b.Year)
		if b.Month >= 1 && b.Month <= 12 {
			v += fmt.Sprintf("-%02d", b.Month)
		}
		e.Facts = append(e.Facts, graph.Fact{Type: graph.FactBirthDate, Value: v})
	}
	return e, nil
}

// corporate builds a corporate-entity or legal-person PSC: the company
// gb-coh:<number> itself when it is registered at Companies House, else a
// gb-psc node with its registration as an identifier.
func corporate(kind, localID, company string, d *pscData) (graph.Entity, *ingest.RowError) {
	name := clean(d.Name)
	if name == "" {
		return graph.Entity{}, &ingest.RowError{Column: "name", Reason: "corporate PSC without a name"}
	}
	e := graph.Entity{ID: localID, Kind: graph.KindCompany, Name: name}
	if strings.HasPrefix(kind, "legal-person-") {
		e.Kind = graph.KindOrganization
	}
	e.Addresses = addresses(d.Address, d.PrincipalOffice)
	addressCodes(&e)
	var country, reg string
	if idn := d.Identification; idn != nil {
		reg = clean(idn.RegistrationNumber)
		country = clean(idn.CountryRegistered)
		where := country
		if where == "" {
			where = clean(idn.PlaceRegistered)
		}
		if n := NormalizeCompanyNumber(reg); reg != "" && isCompanyNumber(n) && isUK(where) {
			// The PSC is a company on the UK register: no separate node.
			e.ID = "gb-coh:" + n
			e.Identifiers = []graph.Identifier{{Scheme: "gb-coh", Value: n, Country: "GB"}}
			e.Countries = []string{"GB"}
			return e, nil
		}
		if reg != "" {
			c := country
			if c == "" {
				c = clean(idn.PlaceRegistered)
			}
			// An ISO code where the text names a country (the text kept
			// as a fact), else the text as published.
			e.Identifiers = []graph.Identifier{{Scheme: "registration", Value: reg, Country: ingest.AddCountry(&e, c)}}
		}
		for _, f := range []struct{ t, v string }{
			{FactLegalForm, idn.LegalForm}, {FactLegalAuthority, idn.LegalAuthority}, {FactPlaceRegistered, idn.PlaceRegistered},
		} {
			if v := clean(f.v); v != "" {
				e.Facts = append(e.Facts, graph.Fact{Type: f.t, Value: v})
			}
		}
	}
	e.Countries = appendNew(e.Countries, ukCountry(country)...)
	e.Facts = append(commonFacts(kind, company, d), e.Facts...)
	return e, nil
}

// superSecure keeps a super-secure PSC: a person whose details are
// withheld. It has no natures of control; a Control edge of basis other
// records that it is a PSC without claiming which right it holds.
func (p *parser) superSecure(kind, companyID, id string, sp graph.Span, prov graph.Provenance, d *pscData) *ingest.RowError {
	e := graph.Entity{ID: id, Kind: graph.KindPerson, Name: superSecureName, Provenance: prov}
	e.Facts = append(commonFacts(kind, strings.TrimPrefix(companyID, "gb-coh:"), d), graph.Fact{Type: FactSuperSecure, Value: "true"})
	if v := clean(d.Description); v != "" {
		e.Facts = append(e.Facts, graph.Fact{Type: graph.FactRemark, Value: v})
	}
	if d.Ceased != nil {
		e.Facts = append(e.Facts, graph.Fact{Type: FactCeased, Value: strconv.FormatBool(*d.Ceased)})
	}
	ns, rerr := parseNatures(d)
	if rerr != nil {
		return rerr
	}
	q := p.Group()
	q.Entities = append(q.Entities, e)
	share, votes, hold, bases := interests(ns)
	if hold {
		q.Holdings = append(q.Holdings, graph.Holding{Owner: id, Owned: companyID,
			Share: share, Votes: votes, Span: sp, Provenance: prov})
	}
	if d.Ceased != nil && *d.Ceased && sp.End == "" {
		// Ceased on a withheld date: no edge can be dated, the node and
		// its facts are kept.
		return nil
	}
	if len(bases) == 0 && !hold {
		bases = []graph.Basis{graph.BasisOther}
	}
	for _, b := range bases {
		q.Controls = append(q.Controls, graph.Control{Controller: id, Controlled: companyID,
			Basis: b, Span: sp, Provenance: prov})
	}
	return nil
}

// statement keeps a PSC statement (or an exemptions record) as an entity of
// unknown kind linked to the company: the company's own node is not
// rewritten (its name comes from Basic Company Data or a corporate PSC
// record).
func (p *parser) statement(kind, companyID, id string, sp graph.Span, prov graph.Provenance, d *pscData) *ingest.RowError {
	e := graph.Entity{ID: id, Kind: graph.KindUnknown, Provenance: prov}
	e.Facts = commonFacts(kind, strings.TrimPrefix(companyID, "gb-coh:"), d)
	if kind == KindExemptions {
		keys := make([]string, 0, len(d.Exemptions))
		for k := range d.Exemptions {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			e.Facts = append(e.Facts, graph.Fact{Type: FactExemption, Value: k})
		}
		e.Name = exemptionsName + " (" + strings.Join(keys, ", ") + ")"
		if len(keys) == 0 {
			e.Name = exemptionsName
		}
	} else {
		st := clean(d.Statement)
		if st == "" {
			return &ingest.RowError{Column: "statement", Reason: "PSC statement without a statement"}
		}
		e.Name = statementPrefix + st
		e.Facts = append(e.Facts, graph.Fact{Type: FactStatement, Value: st})
	}
	q := p.Group()
	q.Entities = append(q.Entities, e)
	q.Links = append(q.Links, graph.Link{From: id, To: companyID, Type: graph.LinkOther, Span: sp, Provenance: prov})
	return nil
}

// company converts a Basic Company Data record.
func (p *parser) company(row map[string]string) *ingest.RowError {
	n := NormalizeCompanyNumber(row["CompanyNumber"])
	if n == "" {
		return &ingest.RowError{Column: "CompanyNumber", Reason: "no CompanyNumber"}
	}
	name := clean(row["CompanyName"])
	if name == "" {
		return &ingest.RowError{Column: "CompanyName", Reason: "no CompanyName"}
	}
	e := graph.Entity{ID: "gb-coh:" + n, Kind: graph.KindCompany, Name: name,
		Identifiers: []graph.Identifier{{Scheme: "gb-coh", Value: n, Country: "GB"}},
		Provenance:  graph.Provenance{Source: ProvenanceCompanies, Record: "company/" + n}}
	origin := clean(row["CountryOfOrigin"])
	if origin == "" || isUK(origin) {
		e.Countries = []string{"GB"}
	}
	for i := 1; i <= 10; i++ {
		if v := clean(row[fmt.Sprintf("PreviousName_%d.CompanyName", i)]); v != "" && v != name {
			e.Aliases = appendNew(e.Aliases, v)
		}
	}
	a := graph.Address{
		Street:  joinNonEmpty(", ", row["RegAddress.CareOf"], row["RegAddress.POBox"], row["RegAddress.AddressLine1"], row["RegAddress.AddressLine2"]),
		City:    clean(row["RegAddress.PostTown"]),
		Region:  clean(row["RegAddress.County"]),
		Postal:  clean(row["RegAddress.PostCode"]),
		Country: clean(row["RegAddress.Country"]),
	}
	if a != (graph.Address{}) {
		e.Addresses = []graph.Address{a}
	}
	addressCodes(&e)
	add := func(t, v string) {
		if v = clean(v); v != "" {
			e.Facts = append(e.Facts, graph.Fact{Type: t, Value: v})
		}
	}
	add(FactCompanyStatus, row["CompanyStatus"])
	add(FactCompanyCategory, row["CompanyCategory"])
	add(FactCountryOfOrigin, origin)
	for _, c := range []struct{ col, fact string }{{"IncorporationDate", graph.FactEstablishmentDate}, {"DissolutionDate", FactDissolutionDate}} {
		v := clean(row[c.col])
		if v == "" {
			continue
		}
		d, ok := dmy(v)
		if !ok {
			return &ingest.RowError{Column: c.col, Reason: fmt.Sprintf("bad date %q: want dd/mm/yyyy", v)}
		}
		add(c.fact, string(d))
	}
	for i := 1; i <= 4; i++ {
		add(FactSIC, row[fmt.Sprintf("SICCode.SicText_%d", i)])
	}
	add(graph.FactReference, row["URI"])
	q := p.Group()
	q.Entities = append(q.Entities, e)
	return nil
}

// dmy parses dd/mm/yyyy.
func dmy(s string) (graph.Date, bool) {
	parts := strings.Split(s, "/")
	if len(parts) != 3 || len(parts[0]) != 2 || len(parts[1]) != 2 || len(parts[2]) != 4 {
		return "", false
	}
	d, err := graph.ParseDate(parts[2] + "-" + parts[1] + "-" + parts[0])
	return d, err == nil
}
