package eu

import (
	"io"
	"strings"

	"github.com/ownex/ownex/ingest"
)

// newCSVReader returns the reader of one CSV file: separated by
// semicolons, quotes read lazily (the published file has bare quotes in
// names), records bounded (ingest.CSVReader).
func newCSVReader(r io.Reader) *ingest.CSVReader {
	cr := ingest.NewCSVReader(r, ';')
	cr.LazyQuotes()
	return cr
}

// header maps lower-cased column names to indexes.
type header map[string]int

func (h header) get(rec []string, col string) string {
	if i, ok := h[strings.ToLower(col)]; ok && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

func readHeader(name string, r *ingest.CSVReader) (header, error) {
	rec, err := r.Read()
	if err == io.EOF {
		return nil, &ingest.RowError{File: name, Line: 1, Reason: "empty file: no header row"}
	}
	if err != nil {
		return nil, ingest.CSVError(name, err)
	}
	h := header{}
	for i, c := range rec {
		c = strings.ToLower(strings.TrimSpace(c))
		if _, dup := h[c]; !dup {
			h[c] = i
		}
	}
	if _, ok := h["entity_logicalid"]; !ok {
		return nil, &ingest.RowError{File: name, Line: 1, Column: "Entity_LogicalId",
			Reason: "header has no Entity_LogicalId column: not an EU Financial Sanctions File CSV"}
	}
	return h, nil
}

// group collects the rows of one entity.
type group struct {
	e    sanctionEntity
	line int
	seen map[any]bool
}

func (g *group) once(k any) bool {
	if g.seen[k] {
		return false
	}
	g.seen[k] = true
	return true
}

// row adds the sub-element that one CSV row carries.
func (g *group) row(h header, rec []string) {
	v := func(col string) string { return h.get(rec, col) }
	e := &g.e
	setIf := func(dst *string, val string) {
		if *dst == "" {
			*dst = val
		}
	}
	setIf(&e.LogicalID, v("Entity_LogicalId"))
	setIf(&e.EURef, v("Entity_EU_ReferenceNumber"))
	setIf(&e.UNID, v("Entity_UnitedNationId"))
	setIf(&e.DesignationDate, v("Entity_DesignationDate"))
	setIf(&e.SubjectType.Code, v("Entity_SubjectType_ClassificationCode"))
	setIf(&e.SubjectType.Classification, v("Entity_SubjectType"))
	if r := v("Entity_Remark"); r != "" && g.once([2]string{"remark", r}) {
		e.Remarks = append(e.Remarks, r)
	}
	if reg := (regulation{Programme: v("Entity_Regulation_Programme"), PublicationDate: v("Entity_Regulation_PublicationDate")}); reg != (regulation{}) && g.once(reg) {
		e.Regulations = append(e.Regulations, reg)
	}
	if n := (nameAlias{WholeName: v("NameAlias_WholeName"), FirstName: v("NameAlias_FirstName"),
		MiddleName: v("NameAlias_MiddleName"), LastName: v("NameAlias_LastName"), Function: v("NameAlias_Function"),
		Gender: v("NameAlias_Gender"), Title: v("NameAlias_Title"), Strong: v("NameAlias_Strong"),
		Language: v("NameAlias_NameLanguage"), RegLang: v("NameAlias_RegulationLanguage")}); n != (nameAlias{}) && g.once(n) {
		e.Names = append(e.Names, n)
	}
	if c := (citizenship{ISO: v("Citizenship_CountryIso2Code"), Description: v("Citizenship_CountryDescription")}); c != (citizenship{}) && g.once(c) {
		e.Citizenships = append(e.Citizenships, c)
	}
	if b := (birthDate{Date: v("BirthDate_BirthDate"), Year: v("BirthDate_Year"), Month: v("BirthDate_Month"),
		Day: v("BirthDate_Day"), YearFrom: v("BirthDate_YearRangeFrom"), YearTo: v("BirthDate_YearRangeTo"),
		Circa: v("BirthDate_Circa"), City: v("BirthDate_City"), Place: v("BirthDate_Place"), Region: v("BirthDate_Region"),
		ISO: v("BirthDate_CountryIso2Code"), Description: v("BirthDate_CountryDescription")}); b != (birthDate{}) && g.once(b) {
		e.BirthDates = append(e.BirthDates, b)
	}
	if d := (identification{TypeCode: v("Identification_TypeCode"), TypeDesc: v("Identification_TypeDescription"),
		Number: v("Identification_Number"), LatinNumber: v("Identification_LatinNumber"), IssuedBy: v("Identification_IssuedBy"),
		IssueDate: v("Identification_IssuedDate"), ValidTo: v("Identification_ValidTo"),
		Expired: v("Identification_KnownExpired"), False: v("Identification_KnownFalse"),
		Lost: v("Identification_ReportedLost"), Revoked: v("Identification_RevokedByIssuer"),
		Remark: v("Identification_Remark"), ISO: v("Identification_CountryIso2Code"),
		Description: v("Identification_CountryDescription")}); d != (identification{}) && g.once(d) {
		e.IDs = append(e.IDs, d)
	}
	a := address{Street: v("Address_Street"), POBox: v("Address_PoBox"), City: v("Address_City"), Place: v("Address_Place"),
		Zip: v("Address_ZipCode"), Region: v("Address_Region"), ISO: v("Address_CountryIso2Code"),
		Description: v("Address_CountryDescription")}
	if ci := v("Address_ContactInfo"); ci != "" {
		a.Contacts = parseContacts(ci)
	}
	if r := v("Address_Remark"); r != "" {
		a.Remarks = []string{r}
	}
	if key := [3]any{a.Street + "|" + a.POBox + "|" + a.City + "|" + a.Place + "|" + a.Zip + "|" + a.Region + "|" + a.ISO + "|" + a.Description, v("Address_ContactInfo"), v("Address_Remark")}; key != [3]any{"|||||||", "", ""} && g.once(key) {
		e.Addresses = append(e.Addresses, a)
	}
}

// parseContacts reads the CSV's contact info cell, "KEY:value" items
// separated by ";" or newlines (e.g. "PHONE:+7 495 1234567"); text without
// a known key is kept as a remark-like "contact" value.
func parseContacts(s string) []contactInfo {
	var out []contactInfo
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '|' }) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key, val, ok := strings.Cut(item, ":")
		switch k := strings.ToUpper(strings.TrimSpace(key)); {
		case ok && (k == "PHONE" || k == "FAX" || k == "EMAIL" || k == "WEB"):
			out = append(out, contactInfo{Key: k, Value: val})
		default:
			out = append(out, contactInfo{Key: "contact", Value: item})
		}
	}
	return out
}

// parseCSV groups consecutive rows by Entity_LogicalId.
func (p *parser) parseCSV(name string, r io.Reader) error {
	cr := newCSVReader(r)
	h, err := readHeader(name, cr)
	if err != nil {
		return err
	}
	var cur *group
	done := map[string]bool{} // ids whose rows are finished
	finish := func() error {
		if cur == nil {
			return nil
		}
		g := cur
		cur = nil
		done[g.e.LogicalID] = true
		return p.add(name, g.line, &g.e, parseCSVDate)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return finish()
		}
		if err != nil {
			e := ingest.CSVError(name, err)
			if err := p.Bad(e); err != nil {
				return err
			}
			// A record too long is skipped from the line after its first
			// (ingest.CSVReader).
			if rerr := cr.Recover(err); rerr != nil {
				return ingest.CSVError(name, rerr)
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		id := h.get(rec, "Entity_LogicalId")
		if id == "" {
			if allEmpty(rec) {
				continue
			}
			if err := p.Bad(&ingest.RowError{File: name, Line: line, Column: "Entity_LogicalId",
				Record: shorten(rec), Reason: "row without Entity_LogicalId"}); err != nil {
				return err
			}
			continue
		}
		if cur != nil && cur.e.LogicalID != id {
			if err := finish(); err != nil {
				return err
			}
		}
		if cur == nil {
			if done[id] {
				if err := p.Bad(&ingest.RowError{File: name, Line: line, Column: "Entity_LogicalId", Record: shorten(rec),
					Reason: "rows of Entity_LogicalId " + id + " are not consecutive (the file must be grouped by entity)"}); err != nil {
					return err
				}
				continue
			}
			cur = &group{line: line, seen: map[any]bool{}}
		}
		cur.row(h, rec)
	}
}

func allEmpty(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// shorten joins a record for error messages, at most 200 bytes.
func shorten(rec []string) string { return ingest.Shorten(strings.Join(rec, ";")) }
