package resolve

import (
	"regexp"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
)

// Fact types and identifier schemes read besides graph's Fact* constants.
const (
	factAircraftSerial = "aircraft-serial-number" // ingest/ofac: "Aircraft Manufacturer's Serial Number (MSN)"
	factJurisdiction   = "jurisdiction"           // ingest/ftm: the jurisdiction property
	schemeSerial       = "serial"                 // ingest/ftm: serialNumber (Airplane)
	schemePassport     = "passport"
	schemeNationalID   = "national-id"
)

// uniqueSchemes are the identifier schemes of which a party has one
// value: two records holding different values are different parties
// (conflicts). A vessel keeps its IMO number for life; a legal entity has
// one LEI, one UK company number, one INN, one OGRN.
var uniqueSchemes = []string{SchemeLEI, SchemeIMO, SchemeGBCoH, SchemeINN, SchemeOGRN}

// registrationSchemes are the schemes of company registration and tax
// numbers, which corroborate a name match of two organisations in the
// same jurisdiction.
var registrationSchemes = map[string]bool{
	SchemeRegistration: true, SchemeTax: true, "vat": true, SchemeGBCoH: true, SchemeINN: true,
	SchemeOGRN: true, "cn-usc": true,
}

// MinDocumentLength is the shortest document or registration number that
// corroborates a name match: shorter numbers recur by chance.
const MinDocumentLength = 5

// document is a normalised passport, national id or registration number.
type document struct{ scheme, country, value string }

func (d document) String() string {
	if d.country != "" {
		return d.value + " (" + d.country + ")"
	}
	return d.value
}

// profile is what the pair rules (rules.go) read of an entity besides its
// names.
type profile struct {
	id      string
	kind    string   // kind class (kindClass)
	lists   []string // sanctions lists the entity is an entry of (ListsOf)
	births  []span   // parsed dates of birth
	gender  string   // "male", "female" or "" (unknown or several)
	unique  map[string][]string
	serials []string   // aircraft manufacturer's serial numbers
	docs    []document // passports and national ids
	regs    []document // registration and tax numbers
	juris   []string   // jurisdictions: ISO codes, sorted
	founded []span     // dates of incorporation or establishment
}

// ListsOf returns, for each entity id, the sanctions lists it is an entry
// of: the provenance sources of its designations (every designation,
// active or not: a delisted entry was still an entry of its list), e.g.
// "ofac-sdn", "un", "eu", "uk", an OpenSanctions dataset. An entity
// without designations is on no list: register records (UK PSC, GLEIF,
// BODS) and the records of one's own files are not list entries. A
// designation without a source falls back to the prefix of its entity id
// (before the first colon).
func ListsOf(designations []graph.Designation) map[string][]string {
	out := make(map[string][]string)
	for _, d := range designations {
		src := d.Source
		if src == "" {
			src, _, _ = strings.Cut(d.Entity, ":")
		}
		if !contains(out[d.Entity], src) {
			out[d.Entity] = append(out[d.Entity], src)
		}
	}
	for _, l := range out {
		sort.Strings(l)
	}
	return out
}

// msnName is an aircraft named by its serial number ("MSN 164").
var msnName = regexp.MustCompile(`(?i)^MSN\s*([0-9A-Z-]+)$`)

// profileOf reads the attributes of e.
func profileOf(e *graph.Entity, lists []string) *profile {
	p := &profile{id: e.ID, kind: kindClass(e.Kind), lists: lists}
	juris := map[string]bool{}
	for _, c := range e.Countries {
		if c = NormalizeCountry(c); c != "" {
			juris[c] = true
		}
	}
	for _, id := range e.Identifiers {
		n, err := NormalizeIdentifier(id)
		if err != nil {
			continue
		}
		if key, scheme, ok := LinkKey(id); ok && contains(uniqueSchemes, scheme) {
			v := key[strings.LastIndexByte(key, ':')+1:]
			if p.unique == nil { // most records have none (49 MB of empty maps at 1M)
				p.unique = map[string][]string{}
			}
			if !contains(p.unique[scheme], v) {
				p.unique[scheme] = append(p.unique[scheme], v)
			}
		}
		switch {
		case n.Scheme == schemePassport || n.Scheme == schemeNationalID:
			p.docs = append(p.docs, document{n.Scheme, n.Country, n.Value})
		case registrationSchemes[n.Scheme]:
			p.regs = append(p.regs, document{n.Scheme, n.Country, n.Value})
			if n.Country != "" {
				juris[n.Country] = true
			}
		case n.Scheme == schemeSerial:
			p.serials = appendSerial(p.serials, n.Value)
		}
	}
	if p.kind == "a" {
		if m := msnName.FindStringSubmatch(strings.TrimSpace(e.Name)); m != nil {
			p.serials = appendSerial(p.serials, m[1])
		}
	}
	genders := map[string]bool{}
	for _, f := range e.Facts {
		switch f.Type {
		case graph.FactBirthDate:
			if s, ok := parseDate(f.Value); ok {
				p.births = append(p.births, s)
			}
		case graph.FactEstablishmentDate:
			if s, ok := parseDate(f.Value); ok {
				p.founded = append(p.founded, s)
			}
		case graph.FactGender:
			if g := gender(f.Value); g != "" {
				genders[g] = true
			}
		case factAircraftSerial:
			p.serials = appendSerial(p.serials, f.Value)
		case factJurisdiction:
			if c := NormalizeCountry(f.Value); c != "" {
				juris[c] = true
			}
		}
	}
	if len(genders) == 1 {
		for g := range genders {
			p.gender = g
		}
	}
	for c := range juris {
		p.juris = append(p.juris, c)
	}
	sort.Strings(p.juris)
	return p
}

// gender normalises a published gender: male, female or "" (anything
// else).
func gender(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "male", "m", "man":
		return "male"
	case "female", "f", "woman":
		return "female"
	}
	return ""
}

// appendSerial adds a serial number, upper case without separators and
// leading zeros (MSN 0671 is 671).
func appendSerial(s []string, v string) []string {
	v = strings.TrimLeft(compact(strings.ToUpper(strings.TrimSpace(v))), "0")
	if v == "" || contains(s, v) {
		return s
	}
	return append(s, v)
}

// tailMark is the shape of an aircraft registration mark as the lists
// name aircraft: a nationality prefix, a hyphen and the registration
// (EP-IBK, UR-CKF, P-532), or a US N-number (N200VR).
var tailMark = regexp.MustCompile(`^(?:[A-Z0-9]{1,3}-[A-Z0-9]{1,6}|N[0-9]{1,5}[A-Z]{0,2})$`)

// aircraftKeys returns the link keys of an aircraft's registration marks:
// its name when it has the shape of a mark, and its registration
// identifiers. Other kinds have none.
func aircraftKeys(e *graph.Entity) []string {
	if kindClass(e.Kind) != "a" {
		return nil
	}
	var out []string
	add := func(v string) {
		if k := "aircraft-mark:" + compact(strings.ToUpper(strings.TrimSpace(v))); !contains(out, k) {
			out = append(out, k)
		}
	}
	if n := strings.ToUpper(strings.TrimSpace(e.Name)); tailMark.MatchString(n) {
		add(n)
	}
	for _, id := range e.Identifiers {
		if strings.EqualFold(strings.TrimSpace(id.Scheme), SchemeRegistration) && strings.TrimSpace(id.Value) != "" {
			add(id.Value)
		}
	}
	return out
}
