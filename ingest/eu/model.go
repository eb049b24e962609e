package eu

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// sanctionEntity is one listed party, read from a <sanctionEntity> element
// or from the CSV rows sharing an Entity_LogicalId.
type sanctionEntity struct {
	LogicalID       string           `xml:"logicalId,attr"`
	EURef           string           `xml:"euReferenceNumber,attr"`
	UNID            string           `xml:"unitedNationId,attr"`
	DesignationDate string           `xml:"designationDate,attr"`
	Remarks         []string         `xml:"remark"`
	Regulations     []regulation     `xml:"regulation"`
	SubjectType     subjectType      `xml:"subjectType"`
	Names           []nameAlias      `xml:"nameAlias"`
	Citizenships    []citizenship    `xml:"citizenship"`
	BirthDates      []birthDate      `xml:"birthdate"`
	IDs             []identification `xml:"identification"`
	Addresses       []address        `xml:"address"`
}

type regulation struct {
	Programme       string `xml:"programme,attr"`
	PublicationDate string `xml:"publicationDate,attr"`
}

type subjectType struct {
	Code           string `xml:"code,attr"`
	Classification string `xml:"classificationCode,attr"`
}

type nameAlias struct {
	WholeName  string `xml:"wholeName,attr"`
	FirstName  string `xml:"firstName,attr"`
	MiddleName string `xml:"middleName,attr"`
	LastName   string `xml:"lastName,attr"`
	Function   string `xml:"function,attr"`
	Gender     string `xml:"gender,attr"`
	Title      string `xml:"title,attr"`
	Strong     string `xml:"strong,attr"`
	Language   string `xml:"nameLanguage,attr"`
	RegLang    string `xml:"regulationLanguage,attr"`
}

type citizenship struct {
	ISO         string `xml:"countryIso2Code,attr"`
	Description string `xml:"countryDescription,attr"`
}

type birthDate struct {
	Date        string `xml:"birthdate,attr"`
	Year        string `xml:"year,attr"`
	Month       string `xml:"monthOfYear,attr"`
	Day         string `xml:"dayOfMonth,attr"`
	YearFrom    string `xml:"yearRangeFrom,attr"`
	YearTo      string `xml:"yearRangeTo,attr"`
	Circa       string `xml:"circa,attr"`
	City        string `xml:"city,attr"`
	Place       string `xml:"place,attr"`
	Region      string `xml:"region,attr"`
	ISO         string `xml:"countryIso2Code,attr"`
	Description string `xml:"countryDescription,attr"`
}

type identification struct {
	TypeCode    string `xml:"identificationTypeCode,attr"`
	TypeDesc    string `xml:"identificationTypeDescription,attr"`
	Number      string `xml:"number,attr"`
	LatinNumber string `xml:"latinNumber,attr"`
	IssuedBy    string `xml:"issuedBy,attr"`
	IssueDate   string `xml:"issueDate,attr"`
	ValidTo     string `xml:"validTo,attr"`
	Expired     string `xml:"knownExpired,attr"`
	False       string `xml:"knownFalse,attr"`
	Lost        string `xml:"reportedLost,attr"`
	Revoked     string `xml:"revokedByIssuer,attr"`
	ISO         string `xml:"countryIso2Code,attr"`
	Description string `xml:"countryDescription,attr"`
	Remark      string `xml:"remark"`
}

type address struct {
	Street      string        `xml:"street,attr"`
	POBox       string        `xml:"poBox,attr"`
	City        string        `xml:"city,attr"`
	Place       string        `xml:"place,attr"`
	Zip         string        `xml:"zipCode,attr"`
	Region      string        `xml:"region,attr"`
	ISO         string        `xml:"countryIso2Code,attr"`
	Description string        `xml:"countryDescription,attr"`
	Contacts    []contactInfo `xml:"contactInfo"`
	Remarks     []string      `xml:"remark"`
}

type contactInfo struct {
	Key   string `xml:"key,attr"`
	Value string `xml:"value,attr"`
}

// clean collapses white space and trims.
func clean(s string) string {
	if s == "" {
		return ""
	}
	return strings.Join(strings.Fields(s), " ")
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = clean(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// country returns the ISO code (upper case) or, without one, the code of
// the description (ingest.CountryCode), else the description as published;
// "UNKNOWN" and "00" are no country.
func country(iso, desc string) string {
	iso, desc = strings.ToUpper(clean(iso)), clean(desc)
	if iso != "" && iso != "00" {
		return iso
	}
	if strings.EqualFold(desc, "unknown") {
		return ""
	}
	if code, ok := ingest.CountryCode(desc); ok {
		return code
	}
	return desc
}

// isCode reports whether s is an ISO code (Countries hold codes only).
func isCode(s string) bool {
	_, ok := ingest.CountryCode(s)
	return ok && len(s) == 2
}

func countryName(iso, desc string) string {
	if d := clean(desc); d != "" && !strings.EqualFold(d, "unknown") {
		return d
	}
	return country(iso, "")
}

var schemes = map[string]string{
	"regnumber": "registration", "fiscalcode": "tax", "swiftbic": "swift", "imo": "imo",
	"passport": "passport", "id": "national-id",
}

// result is what one sanctionEntity becomes.
type result struct {
	entity       graph.Entity
	designations []graph.Designation
	sameAs       []graph.SameAs
}

// convert maps e; dates are read with parse. The RowError lacks File and
// Line.
func convert(e *sanctionEntity, parse func(string) (graph.Date, error)) (result, *ingest.RowError) {
	id := clean(e.LogicalID)
	label := "sanctionEntity"
	if id != "" {
		label += " " + id
	}
	if ref := clean(e.EURef); ref != "" {
		label += " (" + ref + ")"
	}
	fail := func(col, format string, args ...any) (result, *ingest.RowError) {
		return result{}, &ingest.RowError{Column: col, Record: label, Reason: label + ": " + fmt.Sprintf(format, args...)}
	}
	if id == "" {
		return fail("logicalId", "no logicalId")
	}
	record := clean(e.EURef)
	if record == "" {
		record = id
	}
	prov := graph.Provenance{Source: SourceName, Record: record}
	ent := graph.Entity{ID: SourceName + ":" + id, Kind: graph.KindUnknown, Provenance: prov}
	switch strings.ToLower(clean(e.SubjectType.Code) + "|" + clean(e.SubjectType.Classification)) {
	case "person|p", "person|", "|p", "p|", "p|person", "|person":
		ent.Kind = graph.KindPerson
	case "enterprise|e", "enterprise|", "|e", "e|", "e|enterprise", "|enterprise":
		ent.Kind = graph.KindCompany
	}

	f := facts{seen: map[graph.Fact]bool{}}
	// Names: the display name is the list's primary name (names.go).
	primary, ok := primaryName(e.Names)
	if !ok {
		return fail("nameAlias", "no name (no nameAlias with a wholeName)")
	}
	ent.Name = primary
	seen := map[string]bool{ent.Name: true}
	for _, strong := range []bool{true, false} {
		for _, n := range e.Names {
			w := n.whole()
			if w == "" || seen[w] || n.weak() == strong {
				continue
			}
			seen[w] = true
			if strong {
				ent.Aliases = append(ent.Aliases, w)
			} else {
				ent.WeakAliases = append(ent.WeakAliases, w)
			}
		}
	}
	for _, n := range e.Names {
		if w, lang := n.whole(), strings.ToUpper(clean(n.Language)); w != "" && w != ent.Name && lang != "" {
			f.add(FactNameLanguage, lang+": "+w)
		}
	}
	for _, n := range e.Names {
		switch g := strings.ToUpper(clean(n.Gender)); g {
		case "M":
			f.add(graph.FactGender, "male")
		case "F":
			f.add(graph.FactGender, "female")
		default:
			f.add(graph.FactGender, strings.ToLower(g))
		}
	}
	for _, n := range e.Names {
		f.add(graph.FactTitle, n.Title)
	}
	for _, n := range e.Names {
		f.add(graph.FactPosition, n.Function)
	}
	for _, c := range e.Citizenships {
		if code := country(c.ISO, c.Description); code != "" && !slices.Contains(ent.Countries, code) && isCode(code) {
			ent.Countries = append(ent.Countries, code)
		}
		f.add(graph.FactNationality, countryName(c.ISO, c.Description))
	}
	for _, b := range e.BirthDates {
		f.add(graph.FactBirthDate, b.text())
	}
	for _, b := range e.BirthDates {
		f.add(graph.FactBirthPlace, joinNonEmpty(", ", b.City, b.Place, b.Region, countryName(b.ISO, b.Description)))
	}
	for _, d := range e.IDs {
		num := clean(d.Number)
		if num == "" {
			num = clean(d.LatinNumber)
		}
		code := strings.ToLower(clean(d.TypeCode))
		scheme := schemes[code]
		if scheme == "" {
			scheme = code
		}
		if scheme == "" {
			scheme = "document"
		}
		if num != "" {
			ident := graph.Identifier{Scheme: scheme, Value: num, Country: country(d.ISO, d.Description)}
			if !slices.Contains(ent.Identifiers, ident) {
				ent.Identifiers = append(ent.Identifiers, ident)
			}
		}
		text := joinNonEmpty(": ", joinNonEmpty(" ", d.TypeDesc), num)
		if v := clean(d.IssuedBy); v != "" && text != "" {
			text += ", issued by " + v
		}
		if v := clean(d.IssueDate); v != "" && text != "" {
			text += ", issued " + v
		}
		if v := clean(d.ValidTo); v != "" && text != "" {
			text += ", valid to " + v
		}
		for _, st := range d.states() {
			if text != "" {
				text += ", " + st
			}
		}
		if v := clean(d.Remark); v != "" && text != "" {
			text += " (" + v + ")"
		}
		f.add("document", text)
		if num != "" && isTrue(d.Expired) {
			f.add(FactExpiredDocument, scheme+":"+num)
		}
	}
	for _, a := range e.Addresses {
		addr := graph.Address{
			Street:  joinNonEmpty(", ", a.Street, poBox(a.POBox)),
			City:    joinNonEmpty(", ", a.City, a.Place),
			Region:  clean(a.Region),
			Postal:  clean(a.Zip),
			Country: country(a.ISO, a.Description),
		}
		if addr != (graph.Address{}) && !slices.Contains(ent.Addresses, addr) {
			ent.Addresses = append(ent.Addresses, addr)
		}
		for _, r := range a.Remarks {
			f.add(ingest.FactAddressRemark, ingest.AddressRemark(addr, r))
		}
		for _, c := range a.Contacts {
			switch strings.ToUpper(clean(c.Key)) {
			case "PHONE":
				f.add(graph.FactPhone, c.Value)
			case "FAX":
				f.add("fax", c.Value)
			case "EMAIL":
				f.add(graph.FactEmail, c.Value)
			case "WEB":
				f.add(graph.FactWebsite, c.Value)
			default:
				f.add(strings.ToLower(clean(c.Key)), c.Value)
			}
		}
	}
	for _, r := range e.Remarks {
		f.add(graph.FactRemark, r)
	}
	ent.Facts = f.list

	// Designations: one per distinct programme.
	designated, err := parse(e.DesignationDate)
	if err != nil {
		return fail("designationDate", "designationDate %q: %v", e.DesignationDate, err)
	}
	var programmes []string
	earliest := map[string]graph.Date{}
	for _, r := range e.Regulations {
		p := clean(r.Programme)
		d, err := parse(r.PublicationDate)
		if err != nil {
			return fail("publicationDate", "regulation publicationDate %q: %v", r.PublicationDate, err)
		}
		if _, ok := earliest[p]; !ok {
			programmes = append(programmes, p)
			earliest[p] = d
		}
		if d != "" && (earliest[p] == "" || d < earliest[p]) {
			earliest[p] = d
		}
	}
	if len(programmes) == 0 {
		programmes = []string{""}
	}
	out := result{entity: ent}
	for _, p := range programmes {
		listed := designated
		if listed == "" {
			listed = earliest[p]
		}
		out.designations = append(out.designations, graph.Designation{Entity: ent.ID, Regime: graph.RegimeEU,
			Program: p, Listed: listed, Provenance: prov})
	}
	if un := clean(e.UNID); un != "" {
		out.sameAs = append(out.sameAs, graph.SameAs{A: ent.ID, B: "un:" + un, Method: "un-reference", Score: 1,
			Strength: graph.StrengthStrong, Evidence: "UN reference " + un, Provenance: prov})
	}
	return out, nil
}

func poBox(s string) string {
	if s = clean(s); s != "" {
		return "P.O. Box " + s
	}
	return ""
}

// text renders a birth date: "1960-05-14", "1960-05", "1960", "circa 1960",
// "1955 to 1958".
func (b birthDate) text() string {
	s := clean(b.Date)
	if s == "" {
		y, m, d := clean(b.Year), clean(b.Month), clean(b.Day)
		switch {
		case y != "" && m != "" && d != "":
			s = fmt.Sprintf("%s-%02s-%02s", y, m, d)
		case y != "" && m != "":
			s = fmt.Sprintf("%s-%02s", y, m)
		case y != "":
			s = y
		}
	}
	if s == "" {
		s = joinNonEmpty(" to ", b.YearFrom, b.YearTo)
	}
	if s != "" && strings.EqualFold(clean(b.Circa), "true") {
		s = "circa " + s
	}
	return s
}

type facts struct {
	list []graph.Fact
	seen map[graph.Fact]bool
}

func (f *facts) add(typ, value string) {
	value = clean(value)
	if value == "" || typ == "" {
		return
	}
	k := graph.Fact{Type: typ, Value: value}
	if !f.seen[k] {
		f.seen[k] = true
		f.list = append(f.list, k)
	}
}
