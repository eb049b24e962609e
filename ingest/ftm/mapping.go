package ftm

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// entityKinds maps the party schemata to kinds. *LegalEntity (a party of
// unknown type: person or company) and PublicBody (a state body) are
// organizations: the kind that claims no more than the record does.
var entityKinds = map[string]graph.Kind{
	"Person":       graph.KindPerson,
	"Company":      graph.KindCompany,
	"Organization": graph.KindOrganization,
	"LegalEntity":  graph.KindOrganization,
	"PublicBody":   graph.KindOrganization,
	"Vessel":       graph.KindVessel,
	"Airplane":     graph.KindAircraft,
}

// identifierSchemes maps FtM identifier properties to identifier schemes,
// in the order they are read.
var identifierSchemes = []struct{ prop, scheme string }{
	{"registrationNumber", "registration"},
	{"taxNumber", "tax"},
	{"leiCode", "lei"},
	{"innCode", "ru-inn"},
	{"ogrnCode", "ru-ogrn"},
	{"kppCode", "ru-kpp"},
	{"okpoCode", "ru-okpo"},
	{"bikCode", "ru-bik"},
	{"vatCode", "vat"},
	{"dunsCode", "duns"},
	{"swiftBic", "swift"},
	{"imoNumber", "imo"},
	{"mmsi", "mmsi"},
	{"mmsiCode", "mmsi"},
	{"passportNumber", "passport"},
	{"idNumber", "national-id"},
	{"socialSecurityNumber", "ssn"},
	{"permId", "permid"},
	{"uniqueEntityId", "us-uei"},
	{"cikCode", "us-cik"},
	{"npiCode", "us-npi"},
	{"uscCode", "cn-usc"},
	{"ricCode", "ric"},
	{"bvdId", "bvd"},
	{"icijId", "icij"},
	{"okpdCode", "ru-okpd"},
	{"serialNumber", "serial"},
}

// factProps maps FtM properties to fact types, in the order they are read.
var factProps = []struct{ prop, typ string }{
	{"birthDate", graph.FactBirthDate},
	{"birthPlace", graph.FactBirthPlace},
	{"incorporationDate", graph.FactEstablishmentDate},
	{"dissolutionDate", "dissolution-date"},
	{"nationality", graph.FactNationality},
	{"citizenship", graph.FactCitizenship},
	{"jurisdiction", "jurisdiction"},
	{"gender", graph.FactGender},
	{"title", graph.FactTitle},
	{"position", graph.FactPosition},
	{"legalForm", "legal-form"},
	{"status", "status"},
	{"website", graph.FactWebsite},
	{"email", graph.FactEmail},
	{"phone", graph.FactPhone},
	{"flag", graph.FactVesselFlag},
	{"type", graph.FactVesselType},
	{"callSign", graph.FactCallSign},
	{"tonnage", graph.FactTonnage},
	{"grossRegisteredTonnage", graph.FactTonnage},
	{"model", graph.FactAircraftModel},
	{"topics", "topic"},
}

// countryProps feed Entity.Countries (upper-case ISO codes as published).
var countryProps = []string{"country", "jurisdiction", "nationality", "citizenship", "flag"}

// linkSchemas maps the relationship schemata that become graph.Links:
// from-property, to-property and the link type.
var linkSchemas = map[string]struct {
	from, to string
	typ      graph.LinkType
}{
	"Family":         {"person", "relative", graph.LinkFamily},
	"Associate":      {"person", "associate", graph.LinkAssociateOf},
	"UnknownLink":    {"subject", "object", graph.LinkLinkedTo},
	"Representation": {"agent", "client", graph.LinkActingFor},
	"Membership":     {"member", "organization", graph.LinkMemberOf},
	"Employment":     {"employee", "employer", graph.LinkOther},
}

// controlBases maps Control.controlType values (FtM examples and our own
// basis names) to bases; anything else is "other".
var controlBases = map[string]graph.Basis{
	"voting":             graph.BasisVotingAgreement,
	"voting agreement":   graph.BasisVotingAgreement,
	"voting-agreement":   graph.BasisVotingAgreement,
	"appointment":        graph.BasisBoardAppointment,
	"board appointment":  graph.BasisBoardAppointment,
	"board-appointment":  graph.BasisBoardAppointment,
	"management":         graph.BasisDominantInfluence,
	"contractual":        graph.BasisDominantInfluence,
	"dominant influence": graph.BasisDominantInfluence,
	"dominant-influence": graph.BasisDominantInfluence,
	"nominee":            graph.BasisDeFacto,
	"de facto":           graph.BasisDeFacto,
	"de-facto":           graph.BasisDeFacto,
	"director":           graph.BasisDirector,
	"political office":   graph.BasisPoliticalOffice,
	"political-office":   graph.BasisPoliticalOffice,
}

// ControlBasis maps an FtM controlType to a basis ("other" when unknown).
func ControlBasis(controlType string) graph.Basis {
	if b, ok := controlBases[strings.ToLower(strings.Join(strings.Fields(controlType), " "))]; ok {
		return b
	}
	return graph.BasisOther
}

// seedDatasets are the OpenSanctions datasets whose Sanction entities are
// designations of our regimes.
var seedDatasets = map[string]graph.Regime{
	"us_ofac_sdn":       graph.RegimeOFAC,
	"us_ofac_cons":      "ofac-nonsdn", // as ingest/ofac: never blocks
	"gb_hmt_sanctions":  graph.RegimeUK,
	"gb_fcdo_sanctions": graph.RegimeUK,
	"eu_fsf":            graph.RegimeEU,
	"un_sc_sanctions":   graph.RegimeUN,
}

// authorityRegimes are used only for a Sanction without datasets.
var authorityRegimes = []struct {
	needle string
	regime graph.Regime
}{
	{"office of foreign assets control", graph.RegimeOFAC},
	{"security council", graph.RegimeUN},
	{"foreign, commonwealth", graph.RegimeUK},
	{"office of financial sanctions implementation", graph.RegimeUK},
	{"hm treasury", graph.RegimeUK},
	{"financial stability, financial services", graph.RegimeEU},
	{"european commission", graph.RegimeEU},
}

// SanctionRegime returns the regime of a Sanction from its datasets and,
// when it has none, its authority: a seed dataset gives its regime, any
// other dataset its own name (lower case), an authority text naming
// OFAC, the UN Security Council, FCDO/OFSI/HM Treasury or the European
// Commission's DG FISMA gives that regime; otherwise "opensanctions".
func SanctionRegime(datasets, authorities []string) graph.Regime {
	for _, d := range datasets {
		if r, ok := seedDatasets[strings.ToLower(strings.TrimSpace(d))]; ok {
			return r
		}
	}
	for _, d := range datasets {
		if d = strings.ToLower(strings.TrimSpace(d)); d != "" {
			return graph.Regime(d)
		}
	}
	for _, a := range authorities {
		a = strings.ToLower(a)
		for _, ar := range authorityRegimes {
			if strings.Contains(a, ar.needle) {
				return ar.regime
			}
		}
	}
	return ProvenanceSource
}

var (
	ofacRef   = regexp.MustCompile(`^ofac-([0-9]+)$`)
	ukUnique  = regexp.MustCompile(`^gb-(?:fcdo|hmt)-([a-z]{2,5}[0-9]{3,5})$`)
	ukGroupID = regexp.MustCompile(`^gb-hmt-([0-9]+)$`)
)

// MapReferent maps an OpenSanctions source id to the id the list
// ingesters give the same record, when it can be derived:
//
//	ofac-<ent_num>             → ofac:<ent_num>
//	gb-fcdo-<unique id>        → uk:<UNIQUE ID>   (e.g. gb-fcdo-rus2051 → uk:RUS2051)
//	gb-hmt-<unique id>         → uk:<UNIQUE ID>
//	gb-hmt-<digits>            → uk:<digits>      (OFSI ConList Group ID)
//
// Not derivable (ok false): eu-fsf-eu-<n>-<m> holds the EU reference
// number EU.<n>.<m>, not the logicalId of "eu:<logicalId>"; unsc-<n>
// holds the UN list's DATAID, not its REFERENCE_NUMBER (the Sanction's
// unscId gives that instead); name-based ids (gb-fcdo-named-…), ofac-pr-…
// (press releases) and every other source.
func MapReferent(ref string) (string, bool) {
	ref = strings.ToLower(strings.TrimSpace(ref))
	if m := ofacRef.FindStringSubmatch(ref); m != nil {
		return "ofac:" + m[1], true
	}
	if m := ukUnique.FindStringSubmatch(ref); m != nil {
		return "uk:" + strings.ToUpper(m[1]), true
	}
	if m := ukGroupID.FindStringSubmatch(ref); m != nil {
		return "uk:" + m[1], true
	}
	return "", false
}

// mapper maps one record into a batch.
type mapper struct {
	p    *parser
	rec  *record
	file string
	line int
	b    *graph.Batch
}

func (m *mapper) prov() graph.Provenance {
	return graph.Provenance{Source: ProvenanceSource, Record: m.rec.ID}
}

// datasetSource is the provenance source of r's sanctions and ownership
// records: "os:" and its first OpenSanctions dataset, else "opensanctions".
// Two datasets (say gb_coh_psc and ru_egrul) reporting one stake are two
// sources, whose reports meet rather than add up (RULES.md "Reports of one
// stake").
func datasetSource(r *record) string {
	if len(r.Datasets) > 0 && strings.TrimSpace(r.Datasets[0]) != "" {
		return "os:" + strings.TrimSpace(r.Datasets[0])
	}
	return ProvenanceSource
}

func (m *mapper) errorf(prop, format string, args ...any) *ingest.RowError {
	return &ingest.RowError{File: m.file, Line: m.line, Column: prop, Record: m.rec.ID, Reason: fmt.Sprintf(format, args...)}
}

// parseFtMDate reads an FtM date (an ISO 8601 prefix: YYYY, YYYY-MM,
// YYYY-MM-DD, optionally followed by a time). A year or a month is
// widened: as a start it is its first day, as an end the first day after
// it (ends are exclusive), so that the span covers every day the source
// may mean.
func parseFtMDate(s string, end bool) (graph.Date, error) {
	t := strings.TrimSpace(s)
	if len(t) > 10 && (t[10] == 'T' || t[10] == ' ') {
		t = t[:10]
	}
	var layout string
	switch len(t) {
	case 4:
		layout = "2006"
	case 7:
		layout = "2006-01"
	case 10:
		layout = graph.DateLayout
	default:
		return "", fmt.Errorf("bad date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	d, err := time.Parse(layout, t)
	if err != nil || d.Year() < 1000 {
		return "", fmt.Errorf("bad date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	if end {
		switch len(t) {
		case 4:
			d = d.AddDate(1, 0, 0)
		case 7:
			d = d.AddDate(0, 1, 0)
		}
	}
	return graph.Date(d.Format(graph.DateLayout)), nil
}

// date returns the earliest (start) or latest (end) date of the given
// properties; a bad value is an error naming its property.
func (m *mapper) date(end bool, props ...string) (graph.Date, *ingest.RowError) {
	var out graph.Date
	for _, prop := range props {
		for _, v := range m.rec.values(prop) {
			d, err := parseFtMDate(v, end)
			if err != nil {
				return "", m.errorf(prop, "%v", err)
			}
			if out == "" || (!end && d < out) || (end && d > out) {
				out = d
			}
		}
	}
	return out, nil
}

// span reads startDate and endDate. An end before the start is an error;
// an end on the start day keeps a one-day span.
func (m *mapper) span() (graph.Span, *ingest.RowError) {
	start, e := m.date(false, "startDate")
	if e != nil {
		return graph.Span{}, e
	}
	end, e := m.date(true, "endDate")
	if e != nil {
		return graph.Span{}, e
	}
	if start != "" && end != "" {
		if end < start {
			return graph.Span{}, m.errorf("endDate", "ends (%s) before it starts (%s)", end, start)
		}
		if end == start {
			end = nextDay(end)
		}
	}
	return graph.Span{Start: start, End: end}, nil
}

func nextDay(d graph.Date) graph.Date {
	t, _ := time.Parse(graph.DateLayout, string(d))
	return graph.Date(t.AddDate(0, 0, 1).Format(graph.DateLayout))
}

func ref(id string) string { return IDPrefix + strings.TrimSpace(id) }

type stringSet struct {
	seen map[string]bool
	list []string
}

func (s *stringSet) add(v string) bool {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if v == "" || s.seen[v] {
		return false
	}
	s.seen[v] = true
	s.list = append(s.list, v)
	return true
}

func normText(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func (m *mapper) entity() *ingest.RowError {
	r := m.rec
	e := graph.Entity{ID: ref(r.ID), Kind: entityKinds[r.Schema], Provenance: m.prov()}
	names := r.values("name")
	caption := strings.TrimSpace(r.Caption)
	if len(names) > 0 {
		// The caption is OpenSanctions' display name, chosen among the
		// names; the order of `name` values is not meaningful.
		e.Name = names[0]
		for _, n := range names {
			if n == caption {
				e.Name = caption
				break
			}
		}
	} else if c := caption; c != "" {
		e.Name = c
	} else {
		parts := append(append(r.values("firstName"), r.values("middleName")...), r.values("lastName")...)
		e.Name = strings.Join(parts, " ")
	}
	if e.Name == "" {
		return m.errorf("name", "%s has no name", r.Schema)
	}
	var strong, weak stringSet
	strong.add(e.Name)
	for _, prop := range []string{"name", "alias", "previousName", "abbreviation"} {
		for _, v := range r.values(prop) {
			if strong.add(v) {
				e.Aliases = append(e.Aliases, v)
			}
		}
	}
	for _, v := range r.values("weakAlias") {
		if !strong.seen[v] && weak.add(v) {
			e.WeakAliases = append(e.WeakAliases, v)
		}
	}
	var ids stringSet
	addID := func(id graph.Identifier) {
		if ids.add(id.Scheme + "\x00" + id.Value) {
			e.Identifiers = append(e.Identifiers, id)
		}
	}
	for _, is := range identifierSchemes {
		for _, v := range r.values(is.prop) {
			addID(graph.Identifier{Scheme: is.scheme, Value: v})
		}
	}
	for _, doc := range m.p.documents[r.ID] {
		addID(doc)
	}
	var countries stringSet
	for _, prop := range countryProps {
		for _, v := range r.values(prop) {
			if countries.add(strings.ToUpper(v)) {
				e.Countries = append(e.Countries, strings.ToUpper(v))
			}
		}
	}
	var facts stringSet
	addFact := func(typ, v string) {
		if facts.add(typ + "\x00" + v) {
			e.Facts = append(e.Facts, graph.Fact{Type: typ, Value: v})
		}
	}
	for _, fp := range factProps {
		if fp.prop == "type" && e.Kind != graph.KindVessel {
			continue
		}
		for _, v := range r.values(fp.prop) {
			addFact(fp.typ, v)
		}
	}
	// Addresses: the resolved Address entities first, then the address
	// texts that no resolved address already states.
	var seenAddr stringSet
	for _, id := range r.values("addressEntity") {
		a, ok := m.p.addresses[id]
		if !ok {
			m.p.stats.UnresolvedAddresses++
			continue
		}
		if seenAddr.add(normText(a.String())) {
			seenAddr.add(normText(a.Text))
			e.Addresses = append(e.Addresses, *a)
		}
	}
	for _, v := range r.values("address") {
		if seenAddr.add(normText(v)) {
			e.Addresses = append(e.Addresses, graph.Address{Text: v})
		}
	}
	// Same-as links from the id itself (a source id such as ofac-45937)
	// and from the referents; other referents are kept as references.
	var same stringSet
	for _, src := range append([]string{r.ID}, r.Referents...) {
		if to, ok := MapReferent(src); ok {
			if same.add(to) {
				m.b.SameAs = append(m.b.SameAs, graph.SameAs{A: e.ID, B: to, Method: "referent", Score: 1, Strength: graph.StrengthStrong,
					Evidence: "FtM referent " + src, Provenance: m.prov()})
			}
			continue
		}
		if src != r.ID {
			addFact(graph.FactReference, strings.TrimSpace(src))
		}
	}
	m.b.Entities = append(m.b.Entities, e)
	return nil
}

func (m *mapper) sanction() *ingest.RowError {
	r := m.rec
	entities := r.values("entity")
	if len(entities) == 0 {
		return m.errorf("entity", "Sanction has no entity")
	}
	listed, e := m.date(false, "startDate", "listingDate")
	if e != nil {
		return e
	}
	delisted, e := m.date(true, "endDate")
	if e != nil {
		return e
	}
	if listed != "" && delisted != "" {
		if delisted < listed {
			return m.errorf("endDate", "ends (%s) before it starts (%s)", delisted, listed)
		}
		if delisted == listed {
			delisted = nextDay(delisted)
		}
	}
	regime := SanctionRegime(r.Datasets, r.values("authority"))
	program := r.first("program")
	if program == "" {
		program = r.first("programId")
	}
	source := datasetSource(r)
	for _, ent := range entities {
		m.b.Designations = append(m.b.Designations, graph.Designation{Entity: ref(ent), Regime: regime, Program: program,
			Listed: listed, Delisted: delisted, Provenance: graph.Provenance{Source: source, Record: r.ID}})
		for _, un := range r.values("unscId") {
			m.b.SameAs = append(m.b.SameAs, graph.SameAs{A: ref(ent), B: "un:" + un, Method: "unsc-id", Score: 1, Strength: graph.StrengthStrong,
				Evidence: "UN reference " + un, Provenance: m.prov()})
		}
	}
	return nil
}

func (m *mapper) ends(from, to string) ([]string, []string, *ingest.RowError) {
	a, b := m.rec.values(from), m.rec.values(to)
	if len(a) == 0 {
		return nil, nil, m.errorf(from, "%s has no %s", m.rec.Schema, from)
	}
	if len(b) == 0 {
		return nil, nil, m.errorf(to, "%s has no %s", m.rec.Schema, to)
	}
	return a, b, nil
}

func (m *mapper) ownership() *ingest.RowError {
	owners, assets, e := m.ends("owner", "asset")
	if e != nil {
		return e
	}
	span, e := m.span()
	if e != nil {
		return e
	}
	share := graph.Unknown()
	if texts := m.rec.values("percentage"); len(texts) > 0 {
		found := false
		for _, t := range texts {
			if why := OutOfRange(t); why != "" {
				return m.errorf("percentage", "percentage %q is %s", t, why)
			}
			r, ok := ParsePercentage(t)
			if !ok {
				continue
			}
			if !found {
				share, found = r, true
				continue
			}
			share = hull(share, r)
		}
		if !found {
			m.p.stats.UnparsedPercentages = append(m.p.stats.UnparsedPercentages, m.rec.ID)
		}
	}
	for _, o := range owners {
		for _, a := range assets {
			if o == a {
				m.p.stats.SelfOwnership++
				continue
			}
			m.b.Holdings = append(m.b.Holdings, graph.Holding{Owner: ref(o), Owned: ref(a), Share: share, Votes: share,
				Ref: m.rec.ID, Span: span, Provenance: graph.Provenance{Source: datasetSource(m.rec), Record: m.rec.ID}})
		}
	}
	return nil
}

// hull is the smallest range holding a and b.
func hull(a, b graph.Range) graph.Range {
	out := a
	if b.Lo < out.Lo || (b.Lo == out.Lo && !b.LoOpen) {
		out.Lo, out.LoOpen = b.Lo, b.LoOpen
	}
	if b.Hi > out.Hi || (b.Hi == out.Hi && !b.HiOpen) {
		out.Hi, out.HiOpen = b.Hi, b.HiOpen
	}
	return out
}

func (m *mapper) control() *ingest.RowError {
	from, to, basis := "director", "organization", graph.BasisDirector
	if m.rec.Schema == "Control" {
		from, to = "controller", "controlled"
		basis = ControlBasis(m.rec.first("controlType"))
	}
	controllers, controlled, e := m.ends(from, to)
	if e != nil {
		return e
	}
	span, e := m.span()
	if e != nil {
		return e
	}
	for _, c := range controllers {
		for _, d := range controlled {
			if c == d {
				continue
			}
			m.b.Controls = append(m.b.Controls, graph.Control{Controller: ref(c), Controlled: ref(d), Basis: basis, Ref: m.rec.ID,
				Span: span, Provenance: m.prov()})
		}
	}
	return nil
}

func (m *mapper) link() *ingest.RowError {
	ls := linkSchemas[m.rec.Schema]
	froms, tos, e := m.ends(ls.from, ls.to)
	if e != nil {
		return e
	}
	span, e := m.span()
	if e != nil {
		return e
	}
	for _, f := range froms {
		for _, t := range tos {
			m.b.Links = append(m.b.Links, graph.Link{From: ref(f), To: ref(t), Type: ls.typ, Span: span, Provenance: m.prov()})
		}
	}
	return nil
}
