package un

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// record is one <INDIVIDUAL> or <ENTITY> element.
type record struct {
	DataID       string   `xml:"DATAID"`
	FirstName    string   `xml:"FIRST_NAME"`
	SecondName   string   `xml:"SECOND_NAME"`
	ThirdName    string   `xml:"THIRD_NAME"`
	FourthName   string   `xml:"FOURTH_NAME"`
	UNListType   string   `xml:"UN_LIST_TYPE"`
	Reference    string   `xml:"REFERENCE_NUMBER"`
	ListedOn     string   `xml:"LISTED_ON"`
	Gender       string   `xml:"GENDER"`
	Comments     string   `xml:"COMMENTS1"`
	Original     []string `xml:"NAME_ORIGINAL_SCRIPT"`
	Titles       []string `xml:"TITLE>VALUE"`
	Designations []string `xml:"DESIGNATION>VALUE"`
	Nationality  []string `xml:"NATIONALITY>VALUE"`
	ListTypes    []string `xml:"LIST_TYPE>VALUE"`
	IndAliases   []alias  `xml:"INDIVIDUAL_ALIAS"`
	EntAliases   []alias  `xml:"ENTITY_ALIAS"`
	IndAddresses []place  `xml:"INDIVIDUAL_ADDRESS"`
	EntAddresses []place  `xml:"ENTITY_ADDRESS"`
	BirthDates   []dob    `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	BirthPlaces  []place  `xml:"INDIVIDUAL_PLACE_OF_BIRTH"`
	Documents    []doc    `xml:"INDIVIDUAL_DOCUMENT"`
}

type alias struct {
	Quality        string `xml:"QUALITY"`
	Name           string `xml:"ALIAS_NAME"`
	DateOfBirth    string `xml:"DATE_OF_BIRTH"`
	CityOfBirth    string `xml:"CITY_OF_BIRTH"`
	CountryOfBirth string `xml:"COUNTRY_OF_BIRTH"`
	Note           string `xml:"NOTE"`
}

// place is an address or a place of birth.
type place struct {
	Street   string `xml:"STREET"`
	City     string `xml:"CITY"`
	Province string `xml:"STATE_PROVINCE"`
	Zip      string `xml:"ZIP_CODE"`
	Country  string `xml:"COUNTRY"`
	Note     string `xml:"NOTE"`
}

type dob struct {
	Type     string `xml:"TYPE_OF_DATE"`
	Date     string `xml:"DATE"`
	Year     string `xml:"YEAR"`
	FromYear string `xml:"FROM_YEAR"`
	ToYear   string `xml:"TO_YEAR"`
	Note     string `xml:"NOTE"`
}

type doc struct {
	Type           string `xml:"TYPE_OF_DOCUMENT"`
	Type2          string `xml:"TYPE_OF_DOCUMENT2"`
	Number         string `xml:"NUMBER"`
	IssuingCountry string `xml:"ISSUING_COUNTRY"`
	CountryOfIssue string `xml:"COUNTRY_OF_ISSUE"`
	DateOfIssue    string `xml:"DATE_OF_ISSUE"`
	CityOfIssue    string `xml:"CITY_OF_ISSUE"`
	Note           string `xml:"NOTE"`
}

// recordLabel names a record in error messages.
func recordLabel(elem, ref, dataID string) string {
	switch {
	case ref != "" && dataID != "":
		return fmt.Sprintf("%s %s (DATAID %s)", elem, ref, dataID)
	case ref != "":
		return elem + " " + ref
	case dataID != "":
		return elem + " with DATAID " + dataID
	}
	return elem + " without REFERENCE_NUMBER or DATAID"
}

// convert maps a record to an entity and its designation. The returned
// RowError lacks File and Line, which the caller fills in.
func convert(elem string, r *record) (graph.Entity, graph.Designation, *ingest.RowError) {
	ref := ingest.Clean(r.Reference)
	dataID := ingest.Clean(r.DataID)
	label := recordLabel(elem, ref, dataID)
	fail := func(col, format string, args ...any) (graph.Entity, graph.Designation, *ingest.RowError) {
		return graph.Entity{}, graph.Designation{}, &ingest.RowError{Column: col, Record: label,
			Reason: label + ": " + fmt.Sprintf(format, args...)}
	}
	if ref == "" {
		return fail("REFERENCE_NUMBER", "no REFERENCE_NUMBER")
	}
	name := ingest.JoinNonEmpty(" ", r.FirstName, r.SecondName, r.ThirdName, r.FourthName)
	if name == "" {
		return fail("FIRST_NAME", "no name (FIRST_NAME … FOURTH_NAME are empty)")
	}
	listed, err := parseDate(r.ListedOn)
	if err != nil {
		return fail("LISTED_ON", "LISTED_ON %q: %v", r.ListedOn, err)
	}
	prov := graph.Provenance{Source: SourceName, Record: ref}
	id := SourceName + ":" + ref
	e := graph.Entity{ID: id, Kind: graph.KindOrganization, Name: name, Provenance: prov}
	aliases := r.EntAliases
	addresses := r.EntAddresses
	if elem == "INDIVIDUAL" {
		e.Kind = graph.KindPerson
		aliases = r.IndAliases
		addresses = r.IndAddresses
	}

	// Names.
	seen := map[string]bool{name: true}
	addName := func(list *[]string, n string) {
		if n = ingest.Clean(n); n != "" && !seen[n] {
			seen[n] = true
			*list = append(*list, n)
		}
	}
	for _, n := range r.Original {
		addName(&e.Aliases, n)
	}
	for _, a := range aliases {
		if !isWeak(a.Quality) {
			addName(&e.Aliases, a.Name)
		}
	}
	for _, a := range aliases {
		if isWeak(a.Quality) {
			addName(&e.WeakAliases, a.Name)
		}
	}

	// Facts.
	for _, v := range r.ListTypes {
		e.Facts = ingest.AddFact(e.Facts, graph.FactListType, v)
	}
	for _, v := range r.Titles {
		e.Facts = ingest.AddFact(e.Facts, graph.FactTitle, v)
	}
	for _, v := range r.Designations {
		e.Facts = ingest.AddFact(e.Facts, graph.FactPosition, v)
	}
	for _, v := range r.Nationality {
		e.Facts = ingest.AddFact(e.Facts, graph.FactNationality, v)
	}
	e.Facts = ingest.AddFact(e.Facts, graph.FactGender, strings.ToLower(ingest.Clean(r.Gender)))
	for _, d := range r.BirthDates {
		e.Facts = ingest.AddFact(e.Facts, graph.FactBirthDate, d.text())
	}
	for _, a := range aliases {
		e.Facts = ingest.AddFact(e.Facts, graph.FactBirthDate, datePart(ingest.Clean(a.DateOfBirth)))
	}
	for _, pl := range r.BirthPlaces {
		e.Facts = ingest.AddFact(e.Facts, graph.FactBirthPlace, withNote(ingest.JoinNonEmpty(", ", pl.Street, pl.City, pl.Province, pl.Zip, pl.Country), pl.Note))
	}
	for _, a := range aliases {
		e.Facts = ingest.AddFact(e.Facts, graph.FactBirthPlace, ingest.JoinNonEmpty(", ", a.CityOfBirth, a.CountryOfBirth))
	}
	for _, d := range r.Documents {
		if ident, ok := d.identifier(); ok && !slices.Contains(e.Identifiers, ident) {
			e.Identifiers = append(e.Identifiers, ident)
		}
		e.Facts = ingest.AddFact(e.Facts, "document", d.text())
	}
	e.Facts = ingest.AddFact(e.Facts, graph.FactRemark, r.Comments)
	for _, a := range aliases {
		if n, note := ingest.Clean(a.Name), ingest.Clean(a.Note); note != "" {
			if n != "" {
				note = n + ": " + note
			}
			e.Facts = ingest.AddFact(e.Facts, graph.FactRemark, note)
		}
	}
	if dataID != "" {
		e.Facts = ingest.AddFact(e.Facts, graph.FactReference, "dataid:"+dataID)
	}
	// Countries are ISO codes; the names the UN publishes stay in the
	// nationality facts and in country-name facts.
	for _, v := range r.Nationality {
		ingest.AddCountry(&e, v)
	}
	for i := range e.Identifiers {
		e.Identifiers[i].Country = ingest.Country(&e, e.Identifiers[i].Country)
	}

	for _, a := range addresses {
		addr := graph.Address{
			Text:    ingest.Clean(a.Note),
			Street:  ingest.Clean(a.Street),
			City:    ingest.Clean(a.City),
			Region:  ingest.Clean(a.Province),
			Postal:  ingest.Clean(a.Zip),
			Country: ingest.Country(&e, a.Country),
		}
		if addr != (graph.Address{}) && !slices.Contains(e.Addresses, addr) {
			e.Addresses = append(e.Addresses, addr)
		}
	}

	des := graph.Designation{Entity: id, Regime: graph.RegimeUN, Program: ingest.Clean(r.UNListType),
		Listed: listed, Provenance: prov}
	return e, des, nil
}

// isWeak reports whether an alias QUALITY marks a low-quality alias.
func isWeak(q string) bool { return strings.EqualFold(ingest.Clean(q), "low") }

func withNote(s, note string) string {
	note = ingest.Clean(note)
	switch {
	case note == "":
		return s
	case s == "":
		return note
	}
	return s + " (" + note + ")"
}

// text renders a date of birth: "1978-04-28", "1971", "circa 1966",
// "1973 to 1974", with a note in parentheses.
func (d dob) text() string {
	var s string
	switch date, year, from, to := datePart(ingest.Clean(d.Date)), ingest.Clean(d.Year), ingest.Clean(d.FromYear), ingest.Clean(d.ToYear); {
	case date != "":
		s = date
	case year != "":
		s = year
	case from != "" && to != "":
		s = from + " to " + to
	case from != "":
		s = "from " + from
	case to != "":
		s = "until " + to
	}
	if s != "" && strings.EqualFold(ingest.Clean(d.Type), "APPROXIMATELY") {
		s = "circa " + s
	}
	return withNote(s, d.Note)
}

// scheme classifies a document type.
func (d doc) scheme() string {
	t1, t2 := ingest.Clean(d.Type), ingest.Clean(d.Type2)
	if t2 != "" {
		if s := classify(t2); s != "" {
			return s
		}
		if !vague(t2) {
			return "document"
		}
	}
	if s := classify(t1); s != "" {
		return s
	}
	return "document"
}

var passportWords = []string{"passport", "passeport", "pasaporte", "passaporte", "pasaport", "reisepass", "паспорт"}

var nationalIDWords = []string{
	"national identification", "national identity", "national id", "identity card", "identification card",
	"identity number", "identity document", "identification number", "national number", "civil identification",
	"personal identification", "tazkira", "carte d'identité", "carte nationale", "documento nacional",
	"cédula", "cedula", "personalausweis",
}

// classify returns "passport", "national-id" or "" for a type text.
func classify(t string) string {
	l := strings.ToLower(t)
	for _, w := range passportWords {
		if strings.Contains(l, w) {
			return "passport"
		}
	}
	for _, w := range nationalIDWords {
		if strings.Contains(l, w) {
			return "national-id"
		}
	}
	return ""
}

// vague reports whether a type text says nothing beyond "number", "no." …
func vague(t string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool {
		return r == ' ' || r == ':' || r == '.' || r == ',' || r == '#'
	}) {
		switch w {
		case "number", "no", "num", "nr", "n°":
		default:
			return false
		}
	}
	return true
}

func (d doc) identifier() (graph.Identifier, bool) {
	num := ingest.Clean(d.Number)
	if num == "" {
		return graph.Identifier{}, false
	}
	country := ingest.Clean(d.IssuingCountry)
	if country == "" {
		country = ingest.Clean(d.CountryOfIssue)
	}
	return graph.Identifier{Scheme: d.scheme(), Value: num, Country: country}, true
}

// text renders a document as published, for the document fact.
func (d doc) text() string {
	typ := ingest.JoinNonEmpty(" / ", d.Type, d.Type2)
	num := ingest.Clean(d.Number)
	s := typ
	if num != "" {
		if s != "" {
			s += ": "
		}
		s += num
	}
	if s == "" && ingest.Clean(d.Note) == "" {
		return ""
	}
	issuer := ingest.Clean(d.IssuingCountry)
	if issuer == "" {
		issuer = ingest.Clean(d.CountryOfIssue)
	}
	if issuer != "" {
		s += ", issued by " + issuer
	}
	if c := ingest.Clean(d.CountryOfIssue); c != "" && c != issuer {
		s += ", country of issue " + c
	}
	if v := ingest.Clean(d.DateOfIssue); v != "" {
		s += ", issued " + datePart(v)
	}
	if v := ingest.Clean(d.CityOfIssue); v != "" {
		s += ", " + v
	}
	return withNote(s, d.Note)
}
