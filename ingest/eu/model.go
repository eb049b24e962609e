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

// country returns the ISO code (upper case) or, without one, the code of
// the description (ingest.CountryCode), else the description as published;
// "UNKNOWN" and "00" are no country.
func country(iso, desc string) string {
	iso, desc = strings.ToUpper(ingest.Clean(iso)), ingest.Clean(desc)
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
	if d := ingest.Clean(desc); d != "" && !strings.EqualFold(d, "unknown") {
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
	id := ingest.Clean(e.LogicalID)
	label := "sanctionEntity"
	if id != "" {
		label += " " + id
	}
	if ref := ingest.Clean(e.EURef); ref != "" {
		label += " (" + ref + ")"
	}
	fail := func(col, format string, args ...any) (result, *ingest.RowError) {
		return result{}, &ingest.RowError{Column: col, Record: label, Reason: label + ": " + fmt.Sprintf(format, args...)}
	}
	if id == "" {
		return fail("logicalId", "no logicalId")
	}
	record := ingest.Clean(e.EURef)
	if record == "" {
		record = id
	}
	prov := graph.Provenance{Source: SourceName, Record: record}
	ent := graph.Entity{ID: SourceName + ":" + id, Kind: graph.KindUnknown, Provenance: prov}
	switch strings.ToLower(ingest.Clean(e.SubjectType.Code) + "|" + ingest.Clean(e.SubjectType.Classification)) {
	case "person|p", "person|", "|p", "p|", "p|person", "|person":
		ent.Kind = graph.KindPerson
	case "enterprise|e", "enterprise|", "|e", "e|", "e|enterprise", "|enterprise":
		ent.Kind = graph.KindCompany
	}

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
		if w, lang := n.whole(), strings.ToUpper(ingest.Clean(n.Language)); w != "" && w != ent.Name && lang != "" {
			ent.Facts = ingest.AddFact(ent.Facts, FactNameLanguage, lang+": "+w)
		}
	}
	for _, n := range e.Names {
		switch g := strings.ToUpper(ingest.Clean(n.Gender)); g {
		case "M":
			ent.Facts = ingest.AddFact(ent.Facts, graph.FactGender, "male")
		case "F":
			ent.Facts = ingest.AddFact(ent.Facts, graph.FactGender, "female")
		default:
			ent.Facts = ingest.AddFact(ent.Facts, graph.FactGender, strings.ToLower(g))
		}
	}
	for _, n := range e.Names {
		ent.Facts = ingest.AddFact(ent.Facts, graph.FactTitle, n.Title)
	}
	for _, n := range e.Names {
		ent.Facts = ingest.AddFact(ent.Facts, graph.FactPosition, n.Function)
	}
	for _, c := range e.Citizenships {
		if code := country(c.ISO, c.Description); code != "" && !slices.Contains(ent.Countries, code) && isCode(code) {
			ent.Countries = append(ent.Countries, code)
		}
		ent.Facts = ingest.AddFact(ent.Facts, graph.FactNationality, countryName(c.ISO, c.Description))
	}
	for _, b := range e.BirthDates {
		ent.Facts = ingest.AddFact(ent.Facts, graph.FactBirthDate, b.text())
	}
	for _, b := range e.BirthDates {
		ent.Facts = ingest.AddFact(ent.Facts, graph.FactBirthPlace, ingest.JoinNonEmpty(", ", b.City, b.Place, b.Region, countryName(b.ISO, b.Description)))
	}
	for _, d := range e.IDs {
		num := ingest.Clean(d.Number)
		if num == "" {
			num = ingest.Clean(d.LatinNumber)
		}
		code := strings.ToLower(ingest.Clean(d.TypeCode))
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
		text := ingest.JoinNonEmpty(": ", ingest.JoinNonEmpty(" ", d.TypeDesc), num)
		if v := ingest.Clean(d.IssuedBy); v != "" && text != "" {
			text += ", issued by " + v
		}
		if v := ingest.Clean(d.IssueDate); v != "" && text != "" {
			text += ", issued " + v
		}
		if v := ingest.Clean(d.ValidTo); v != "" && text != "" {
			text += ", valid to " + v
		}
		for _, st := range d.states() {
			if text != "" {
				text += ", " + st
			}
		}
		if v := ingest.Clean(d.Remark); v != "" && text != "" {
			text += " (" + v + ")"
		}
		ent.Facts = ingest.AddFact(ent.Facts, "document", text)
		if num != "" && isTrue(d.Expired) {
			ent.Facts = ingest.AddFact(ent.Facts, FactExpiredDocument, scheme+":"+num)
		}
	}
	for _, a := range e.Addresses {
		addr := graph.Address{
			Street:  ingest.JoinNonEmpty(", ", a.Street, poBox(a.POBox)),
			City:    ingest.JoinNonEmpty(", ", a.City, a.Place),
			Region:  ingest.Clean(a.Region),
			Postal:  ingest.Clean(a.Zip),
			Country: country(a.ISO, a.Description),
		}
		if addr != (graph.Address{}) && !slices.Contains(ent.Addresses, addr) {
			ent.Addresses = append(ent.Addresses, addr)
		}
		for _, r := range a.Remarks {
			ent.Facts = ingest.AddFact(ent.Facts, ingest.FactAddressRemark, ingest.AddressRemark(addr, r))
		}
		for _, c := range a.Contacts {
			switch strings.ToUpper(ingest.Clean(c.Key)) {
			case "PHONE":
				ent.Facts = ingest.AddFact(ent.Facts, graph.FactPhone, c.Value)
			case "FAX":
				ent.Facts = ingest.AddFact(ent.Facts, "fax", c.Value)
			case "EMAIL":
				ent.Facts = ingest.AddFact(ent.Facts, graph.FactEmail, c.Value)
			case "WEB":
				ent.Facts = ingest.AddFact(ent.Facts, graph.FactWebsite, c.Value)
			default:
				ent.Facts = ingest.AddFact(ent.Facts, strings.ToLower(ingest.Clean(c.Key)), c.Value)
			}
		}
	}
	for _, r := range e.Remarks {
		ent.Facts = ingest.AddFact(ent.Facts, graph.FactRemark, r)
	}

	// Designations: one per distinct programme.
	designated, err := parse(e.DesignationDate)
	if err != nil {
		return fail("designationDate", "designationDate %q: %v", e.DesignationDate, err)
	}
	var programmes []string
	earliest := map[string]graph.Date{}
	for _, r := range e.Regulations {
		p := ingest.Clean(r.Programme)
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
	if un := ingest.Clean(e.UNID); un != "" {
		out.sameAs = append(out.sameAs, graph.SameAs{A: ent.ID, B: "un:" + un, Method: "un-reference", Score: 1,
			Strength: graph.StrengthStrong, Evidence: "UN reference " + un, Provenance: prov})
	}
	return out, nil
}

func poBox(s string) string {
	if s = ingest.Clean(s); s != "" {
		return "P.O. Box " + s
	}
	return ""
}

// text renders a birth date: "1960-05-14", "1960-05", "1960", "circa 1960",
// "1955 to 1958".
func (b birthDate) text() string {
	s := ingest.Clean(b.Date)
	if s == "" {
		y, m, d := ingest.Clean(b.Year), ingest.Clean(b.Month), ingest.Clean(b.Day)
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
		s = ingest.JoinNonEmpty(" to ", b.YearFrom, b.YearTo)
	}
	if s != "" && strings.EqualFold(ingest.Clean(b.Circa), "true") {
		s = "circa " + s
	}
	return s
}
