package ofacxml

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// Advanced (SDN_ADVANCED.XML) structures, FORMATS.md 1.4.

type xRefSets struct {
	Sets []struct {
		Values []xRefValue `xml:",any"`
	} `xml:",any"`
}

type xRefValue struct {
	XMLName     xml.Name
	ID          string `xml:"ID,attr"`
	PartyTypeID string `xml:"PartyTypeID,attr"`
	Text        string `xml:",chardata"`
}

type xYMD struct {
	Year  string `xml:"Year"`
	Month string `xml:"Month"`
	Day   string `xml:"Day"`
}

type xBound struct {
	From *xYMD `xml:"From"`
	To   *xYMD `xml:"To"`
}

type xDatePeriod struct {
	Start *xBound `xml:"Start"`
	End   *xBound `xml:"End"`
}

type xLocation struct {
	ID        string `xml:"ID,attr"`
	Countries []struct {
		CountryID string `xml:"CountryID,attr"`
	} `xml:"LocationCountry"`
	Parts []struct {
		LocPartTypeID string `xml:"LocPartTypeID,attr"`
		Values        []struct {
			Primary string `xml:"Primary,attr"`
			Value   string `xml:"Value"`
		} `xml:"LocationPartValue"`
	} `xml:"LocationPart"`
}

type xIDReg struct {
	ID                string `xml:"ID,attr"`
	IDRegDocTypeID    string `xml:"IDRegDocTypeID,attr"`
	IdentityID        string `xml:"IdentityID,attr"`
	IssuedByCountryID string `xml:"IssuedBy-CountryID,attr"`
	No                string `xml:"IDRegistrationNo"`
}

type xParty struct {
	FixedRef string     `xml:"FixedRef,attr"`
	Profiles []xProfile `xml:"Profile"`
}

type xProfile struct {
	ID             string      `xml:"ID,attr"`
	PartySubTypeID string      `xml:"PartySubTypeID,attr"`
	Identities     []xIdentity `xml:"Identity"`
	Features       []xFeature  `xml:"Feature"`
}

type xIdentity struct {
	ID      string `xml:"ID,attr"`
	Primary string `xml:"Primary,attr"`
	Aliases []struct {
		AliasTypeID string `xml:"AliasTypeID,attr"`
		Primary     string `xml:"Primary,attr"`
		LowQuality  string `xml:"LowQuality,attr"`
		Names       []struct {
			Parts []struct {
				GroupID string `xml:"NamePartGroupID,attr"`
				Text    string `xml:",chardata"`
			} `xml:"DocumentedNamePart>NamePartValue"`
		} `xml:"DocumentedName"`
	} `xml:"Alias"`
	Groups []struct {
		ID             string `xml:"ID,attr"`
		NamePartTypeID string `xml:"NamePartTypeID,attr"`
	} `xml:"NamePartGroups>MasterNamePartGroup>NamePartGroup"`
}

type xFeature struct {
	FeatureTypeID string `xml:"FeatureTypeID,attr"`
	Versions      []struct {
		Periods []xDatePeriod `xml:"DatePeriod"`
		Details []struct {
			DetailReferenceID string `xml:"DetailReferenceID,attr"`
			Text              string `xml:",chardata"`
		} `xml:"VersionDetail"`
		Locations []struct {
			LocationID string `xml:"LocationID,attr"`
		} `xml:"VersionLocation"`
	} `xml:"FeatureVersion"`
}

type xRelation struct {
	ID             string `xml:"ID,attr"`
	From           string `xml:"From-ProfileID,attr"`
	To             string `xml:"To-ProfileID,attr"`
	RelationTypeID string `xml:"RelationTypeID,attr"`
	Former         string `xml:"Former,attr"`
}

type xSanctionsEntry struct {
	ID        string `xml:"ID,attr"`
	ProfileID string `xml:"ProfileID,attr"`
	ListID    string `xml:"ListID,attr"`
	Events    []struct {
		Date *xYMD `xml:"Date"`
	} `xml:"EntryEvent"`
	Measures []struct {
		SanctionsTypeID string `xml:"SanctionsTypeID,attr"`
		Comment         string `xml:"Comment"`
	} `xml:"SanctionsMeasure"`
}

// idMap is a compact string -> string map for numeric ids.
type idMap struct {
	num map[uint64]uint64
	str map[string]string
}

func newIDMap() *idMap { return &idMap{num: make(map[uint64]uint64)} }

func canonicalUint(s string) (uint64, bool) {
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil && strconv.FormatUint(n, 10) == s
}

func (m *idMap) put(k, v string) {
	kn, ok1 := canonicalUint(k)
	vn, ok2 := canonicalUint(v)
	if ok1 && ok2 {
		m.num[kn] = vn
		return
	}
	if m.str == nil {
		m.str = make(map[string]string)
	}
	m.str[k] = v
}

func (m *idMap) get(k string) (string, bool) {
	if kn, ok := canonicalUint(k); ok {
		if v, ok := m.num[kn]; ok {
			return strconv.FormatUint(v, 10), true
		}
	}
	v, ok := m.str[k]
	return v, ok
}

// Len is the number of entries.
func (m *idMap) Len() int { return len(m.num) + len(m.str) }

// advanced is the state of one advanced file.
type advanced struct {
	p         *parser
	name      string
	list      string
	issued    graph.Date
	ref       map[string]map[string]string // value element name -> ID -> text
	partyType map[string]string            // PartySubType ID -> PartyType ID
	locations map[string]graph.Address
	docs      map[string][]graph.Identifier // IdentityID -> identifiers
	profiles  *idMap                        // ProfileID -> FixedRef

	seenRefs, seenParties, seenRelations bool
}

// lookup returns the text of a reference value.
func (a *advanced) lookup(kind, id string) (string, bool) {
	t, ok := a.ref[kind][strings.TrimSpace(id)]
	return t, ok
}

func orderError(name string, line int, format string, args ...any) error {
	return &ingest.RowError{File: name, Line: line,
		Reason: "sections out of the documented order: " + fmt.Sprintf(format, args...)}
}

func (p *parser) parseAdvanced(name string, d *xml.Decoder) error {
	a := &advanced{p: p, name: name, list: listOf(name),
		ref: make(map[string]map[string]string), partyType: make(map[string]string),
		locations: make(map[string]graph.Address), docs: make(map[string][]graph.Identifier), profiles: newIDMap()}
	for {
		se, err := nextStart(name, d, "")
		if err != nil {
			return err
		}
		if se == nil {
			return nil
		}
		line, _ := d.InputPos()
		switch se.Name.Local {
		case "DateOfIssue":
			if a.seenRelations {
				return orderError(name, line, "DateOfIssue after ProfileRelationships")
			}
			date, err := decodeDateOfIssue(name, d, se)
			if err != nil {
				return err
			}
			a.issued = date
		case "ReferenceValueSets":
			if a.seenParties {
				return orderError(name, line, "ReferenceValueSets after DistinctParties")
			}
			if err := a.readRefs(d, se); err != nil {
				return err
			}
		case "Locations":
			if a.seenParties {
				return orderError(name, line, "Locations after DistinctParties")
			}
			err = decodeEach(name, d, "Location", func(line int, x *xLocation) error {
				return a.location(line, x)
			})
		case "IDRegDocuments":
			if a.seenParties {
				return orderError(name, line, "IDRegDocuments after DistinctParties")
			}
			err = decodeEach(name, d, "IDRegDocument", func(line int, x *xIDReg) error {
				return a.idRegDocument(line, x)
			})
		case "DistinctParties":
			if !a.seenRefs {
				return orderError(name, line, "DistinctParties before ReferenceValueSets")
			}
			a.seenParties = true
			err = decodeEach(name, d, "DistinctParty", func(line int, x *xParty) error {
				return a.record(a.party(line, x))
			})
		case "ProfileRelationships":
			if !a.seenParties {
				return orderError(name, line, "ProfileRelationships before DistinctParties")
			}
			a.seenRelations = true
			err = decodeEach(name, d, "ProfileRelationship", func(line int, x *xRelation) error {
				return a.record(a.relation(line, x))
			})
		case "SanctionsEntries":
			if !a.seenParties {
				return orderError(name, line, "SanctionsEntries before DistinctParties")
			}
			err = decodeEach(name, d, "SanctionsEntry", func(line int, x *xSanctionsEntry) error {
				return a.record(a.sanctionsEntry(line, x))
			})
		default:
			if err := d.Skip(); err != nil {
				return syntaxError(name, d, err, "")
			}
		}
		if err != nil {
			return err
		}
	}
}

// record finishes one record: a skip or failure if e is set.
func (a *advanced) record(e *ingest.RowError) error {
	if e != nil {
		return a.p.Bad(e)
	}
	return a.p.done()
}

// eachChild calls fn for every child element named child of the current
// element (fn must consume it); other children are skipped.
// decodeEach decodes every child element named child of the current
// element into a fresh T and hands it to fn with its starting line.
func decodeEach[T any](name string, d *xml.Decoder, child string, fn func(line int, x *T) error) error {
	return eachChild(name, d, child, func(se *xml.StartElement, line int) error {
		x := new(T)
		if err := d.DecodeElement(x, se); err != nil {
			return syntaxError(name, d, err, fmt.Sprintf("%s starting at line %d", child, line))
		}
		return fn(line, x)
	})
}

func eachChild(name string, d *xml.Decoder, child string, fn func(se *xml.StartElement, line int) error) error {
	for {
		se, err := nextStart(name, d, "")
		if err != nil {
			return err
		}
		if se == nil {
			return nil
		}
		if se.Name.Local != child {
			if err := d.Skip(); err != nil {
				return syntaxError(name, d, err, "")
			}
			continue
		}
		line, _ := d.InputPos()
		if err := fn(se, line); err != nil {
			return err
		}
	}
}

func decodeDateOfIssue(name string, d *xml.Decoder, se *xml.StartElement) (graph.Date, error) {
	line, _ := d.InputPos()
	var x xYMD
	if err := d.DecodeElement(&x, se); err != nil {
		return "", syntaxError(name, d, err, "DateOfIssue")
	}
	v, err := x.parse()
	if err == nil && v.prec != 3 {
		err = fmt.Errorf("incomplete date %s: want Year, Month and Day", v.format())
	}
	if err != nil {
		return "", recErr(name, line, "DateOfIssue", "%v", err)
	}
	return graph.Date(v.format()), nil
}

func (a *advanced) readRefs(d *xml.Decoder, se *xml.StartElement) error {
	var x xRefSets
	if err := d.DecodeElement(&x, se); err != nil {
		return syntaxError(a.name, d, err, "ReferenceValueSets")
	}
	for _, set := range x.Sets {
		for _, v := range set.Values {
			kind := v.XMLName.Local
			m := a.ref[kind]
			if m == nil {
				m = make(map[string]string)
				a.ref[kind] = m
			}
			id := strings.TrimSpace(v.ID)
			m[id] = clean(v.Text)
			if kind == "PartySubType" {
				a.partyType[id] = strings.TrimSpace(v.PartyTypeID)
			}
		}
	}
	a.seenRefs = true
	return nil
}

func (a *advanced) location(line int, x *xLocation) error {
	rec := "Location ID=" + strings.TrimSpace(x.ID)
	if strings.TrimSpace(x.ID) == "" {
		return a.p.Bad(recErr(a.name, line, "Location", "no ID"))
	}
	var addr graph.Address
	var street, other []string
	for _, part := range x.Parts {
		typ, ok := a.lookup("LocPartType", part.LocPartTypeID)
		if !ok {
			return a.p.Bad(recErr(a.name, line, rec, "unknown LocPartTypeID %q", part.LocPartTypeID))
		}
		val := ""
		for i, v := range part.Values {
			if i == 0 || v.Primary == "true" {
				val = clean(v.Value)
			}
			if v.Primary == "true" {
				break
			}
		}
		if val == "" {
			continue
		}
		switch strings.ToUpper(typ) {
		case "ADDRESS1", "ADDRESS2", "ADDRESS3":
			street = append(street, val)
		case "CITY":
			addr.City = val
		case "STATE/PROVINCE", "REGION":
			if addr.Region == "" {
				addr.Region = val
			}
		case "POSTAL CODE":
			addr.Postal = val
		default:
			other = append(other, val)
		}
	}
	for _, c := range x.Countries {
		name, ok := a.lookup("Country", c.CountryID)
		if !ok {
			return a.p.Bad(recErr(a.name, line, rec, "unknown CountryID %q", c.CountryID))
		}
		if addr.Country == "" {
			addr.Country = name
		}
	}
	addr.Street = strings.Join(street, ", ")
	addr.Text = strings.Join(other, ", ")
	a.locations[strings.TrimSpace(x.ID)] = addr
	return nil
}

func (a *advanced) idRegDocument(line int, x *xIDReg) error {
	rec := "IDRegDocument ID=" + strings.TrimSpace(x.ID)
	identity := strings.TrimSpace(x.IdentityID)
	if identity == "" {
		return a.p.Bad(recErr(a.name, line, rec, "no IdentityID"))
	}
	typ, ok := a.lookup("IDRegDocType", x.IDRegDocTypeID)
	if !ok {
		return a.p.Bad(recErr(a.name, line, rec, "unknown IDRegDocTypeID %q", x.IDRegDocTypeID))
	}
	country := ""
	if c := strings.TrimSpace(x.IssuedByCountryID); c != "" {
		if country, ok = a.lookup("Country", c); !ok {
			return a.p.Bad(recErr(a.name, line, rec, "unknown IssuedBy-CountryID %q", c))
		}
	}
	if id, ok := identifier(typ, x.No, country); ok {
		a.docs[identity] = addIdentifier(a.docs[identity], id)
	}
	return nil
}

// kindOf maps PartyType / PartySubType text to a kind.
func kindOf(texts ...string) graph.Kind {
	for _, t := range texts {
		switch strings.ToLower(t) {
		case "individual":
			return graph.KindPerson
		case "entity":
			return graph.KindCompany
		case "vessel":
			return graph.KindVessel
		case "aircraft":
			return graph.KindAircraft
		}
	}
	return graph.KindUnknown
}

func (a *advanced) party(line int, x *xParty) *ingest.RowError {
	fixed := strings.TrimSpace(x.FixedRef)
	if fixed == "" {
		return recErr(a.name, line, fmt.Sprintf("DistinctParty starting at line %d", line), "no FixedRef")
	}
	if e := a.p.ids.Seen(a.name, "FixedRef", fixed, line); e != nil {
		return e
	}
	rec := "DistinctParty FixedRef=" + fixed
	if len(x.Profiles) == 0 {
		return recErr(a.name, line, rec, "no Profile")
	}
	id := "ofac:" + fixed
	ent := graph.Entity{ID: id, Kind: graph.KindUnknown, Provenance: graph.Provenance{Source: a.list, Record: "FixedRef=" + fixed}}
	var names []string // primary alias names, first is the name
	var profileIDs []string
	var usedIdentities []string
	for _, pr := range x.Profiles {
		pid := strings.TrimSpace(pr.ID)
		if pid == "" {
			pid = fixed
		}
		profileIDs = append(profileIDs, pid)
		if ent.Kind == graph.KindUnknown {
			sub, ok := a.lookup("PartySubType", pr.PartySubTypeID)
			if !ok {
				return recErr(a.name, line, rec, "unknown PartySubTypeID %q", pr.PartySubTypeID)
			}
			typ, _ := a.lookup("PartyType", a.partyType[strings.TrimSpace(pr.PartySubTypeID)])
			ent.Kind = kindOf(typ, sub)
		}
		for _, idn := range pr.Identities {
			groups := make(map[string]string, len(idn.Groups))
			for _, g := range idn.Groups {
				t, ok := a.lookup("NamePartType", g.NamePartTypeID)
				if !ok {
					return recErr(a.name, line, rec, "unknown NamePartTypeID %q", g.NamePartTypeID)
				}
				groups[strings.TrimSpace(g.ID)] = t
			}
			for _, al := range idn.Aliases {
				at, ok := a.lookup("AliasType", al.AliasTypeID)
				if !ok {
					return recErr(a.name, line, rec, "unknown AliasTypeID %q", al.AliasTypeID)
				}
				primary := al.Primary == "true" || strings.EqualFold(at, "Name")
				weak := al.LowQuality == "true"
				for _, dn := range al.Names {
					var last, given, other []string
					for _, part := range dn.Parts {
						v := clean(part.Text)
						if v == "" {
							continue
						}
						t, ok := groups[strings.TrimSpace(part.GroupID)]
						if !ok {
							return recErr(a.name, line, rec, "name part refers to unknown NamePartGroupID %q", part.GroupID)
						}
						switch strings.ToLower(t) {
						case "last name":
							last = append(last, v)
						case "first name", "middle name", "patronymic", "matronymic":
							given = append(given, v)
						default:
							other = append(other, v)
						}
					}
					n := ""
					if len(other) == 0 {
						n = personName(strings.Join(last, " "), strings.Join(given, " "))
					} else {
						n = clean(strings.Join(append(append(last, given...), other...), " "))
					}
					switch {
					case n == "":
					case primary && idn.Primary != "false":
						names = addUnique(names, n, "")
					case weak:
						ent.WeakAliases = addUnique(ent.WeakAliases, n, "")
					default:
						ent.Aliases = addUnique(ent.Aliases, n, "")
					}
				}
			}
			iid := strings.TrimSpace(idn.ID)
			for _, ident := range a.docs[iid] {
				ident.Country = ingest.Country(&ent, ident.Country)
				ent.Identifiers = addIdentifier(ent.Identifiers, ident)
			}
			usedIdentities = append(usedIdentities, iid)
		}
		for _, f := range pr.Features {
			if e := a.feature(line, rec, &ent, &f); e != nil {
				return e
			}
		}
	}
	if len(names) == 0 {
		if len(ent.Aliases) == 0 {
			return recErr(a.name, line, rec, "no name: no primary alias and no other alias")
		}
		names = ent.Aliases[:1]
		ent.Aliases = ent.Aliases[1:]
	}
	ent.Name = names[0]
	var aliases []string
	for _, n := range names[1:] {
		aliases = addUnique(aliases, n, ent.Name)
	}
	for _, n := range ent.Aliases {
		aliases = addUnique(aliases, n, ent.Name)
	}
	ent.Aliases = aliases
	var weak []string
	for _, n := range ent.WeakAliases {
		weak = addUnique(weak, n, ent.Name)
	}
	ent.WeakAliases = weak

	for _, pid := range profileIDs {
		a.profiles.put(pid, fixed)
	}
	for _, iid := range usedIdentities {
		delete(a.docs, iid)
	}
	a.p.Batch().Entities = append(a.p.Batch().Entities, ent)
	return nil
}

// feature adds one Profile Feature to ent.
func (a *advanced) feature(line int, rec string, ent *graph.Entity, f *xFeature) *ingest.RowError {
	ftype, ok := a.lookup("FeatureType", f.FeatureTypeID)
	if !ok {
		return recErr(a.name, line, rec, "unknown FeatureTypeID %q", f.FeatureTypeID)
	}
	key := slug(ftype)
	for _, v := range f.Versions {
		var values []string
		var addrs []graph.Address
		for _, dp := range v.Periods {
			s, err := dp.format()
			if err != nil {
				return recErr(a.name, line, rec, "feature %q: %v", ftype, err)
			}
			values = append(values, s)
		}
		for _, det := range v.Details {
			if r := strings.TrimSpace(det.DetailReferenceID); r != "" {
				t, ok := a.lookup("DetailReference", r)
				if !ok {
					return recErr(a.name, line, rec, "feature %q: unknown DetailReferenceID %q", ftype, r)
				}
				values = append(values, t)
				continue
			}
			values = append(values, clean(det.Text))
		}
		for _, l := range v.Locations {
			addr, ok := a.locations[strings.TrimSpace(l.LocationID)]
			if !ok {
				return recErr(a.name, line, rec, "feature %q: unknown LocationID %q", ftype, l.LocationID)
			}
			addrs = append(addrs, addr)
		}
		switch key {
		case "location", "address":
			for _, ad := range addrs {
				ad.Country = ingest.Country(ent, ad.Country)
				ent.Addresses = append(ent.Addresses, ad)
			}
			for _, s := range values {
				if s != "" {
					ent.Addresses = append(ent.Addresses, graph.Address{Text: s})
				}
			}
			continue
		case "nationality-country", "citizenship-country":
			typ := graph.FactNationality
			if key == "citizenship-country" {
				typ = graph.FactCitizenship
			}
			for _, ad := range addrs {
				c := ad.Country
				if c == "" {
					c = ad.String()
				}
				values = append(values, c)
			}
			for _, s := range values {
				ent.Facts = addFact(ent.Facts, typ, s)
				ingest.AddCountry(ent, s)
			}
			continue
		}
		for _, ad := range addrs {
			values = append(values, ad.String())
		}
		if code, ok := strings.CutPrefix(key, "digital-currency-address-"); ok {
			for _, s := range values {
				if s != "" {
					ent.Identifiers = addIdentifier(ent.Identifiers, graph.Identifier{Scheme: "crypto-" + code, Value: s})
				}
			}
			continue
		}
		typ := key
		switch key {
		case "birthdate", "date-of-birth":
			typ = graph.FactBirthDate
		case "place-of-birth":
			typ = graph.FactBirthPlace
		case "gender":
			typ = graph.FactGender
		case "website":
			typ = graph.FactWebsite
		case "email-address":
			typ = graph.FactEmail
		case "phone-number":
			typ = graph.FactPhone
		case "vessel-flag":
			typ = graph.FactVesselFlag
		case "vessel-call-sign":
			typ = graph.FactCallSign
		case "vessel-type":
			typ = graph.FactVesselType
		case "vessel-tonnage":
			typ = graph.FactTonnage
		case "vessel-gross-registered-tonnage":
			typ = FactGrossRegisteredTonnage
		case "former-vessel-flag":
			typ = FactFormerVesselFlag
		case "aircraft-operator":
			typ = FactAircraftOperator
		case "aircraft-manufacture-date":
			typ = FactAircraftBuilt
		case "aircraft-manufacturer-s-serial-number-msn":
			typ = FactAircraftSerial
		case "target-type":
			typ = FactTargetType
		case "fax", "fax-no":
			typ = FactFax
		case "vessel-owner":
			typ = FactVesselOwner
		case "organization-established-date":
			typ = graph.FactEstablishmentDate
		case "aircraft-model":
			typ = graph.FactAircraftModel
		case "title":
			typ = graph.FactTitle
		}
		if typ == "" {
			typ = "feature"
		}
		for _, s := range values {
			if s != "" {
				ent.Facts = addFact(ent.Facts, typ, s)
			}
		}
	}
	return nil
}

// relationKinds maps RelationType text (lower case) to how it is stored.
type relKind struct {
	holding bool
	reverse bool // Owner is To (holding) or the link points To -> From (never used for links)
	link    graph.LinkType
}

var relationKinds = map[string]relKind{
	"owned or controlled by":        {holding: true, reverse: true},
	"owns, controls, or operates":   {holding: true},
	"property in the interest of":   {holding: true, reverse: true},
	"acting for or on behalf of":    {link: graph.LinkActingFor},
	"associate of":                  {link: graph.LinkAssociateOf},
	"providing support to":          {link: graph.LinkSupports},
	"family member of":              {link: graph.LinkFamily},
	"leader or official of":         {link: graph.LinkLeaderOf},
	"principal executive officer":   {link: graph.LinkLeaderOf},
	"playing a significant role in": {link: graph.LinkMemberOf},
}

func (a *advanced) relation(line int, x *xRelation) *ingest.RowError {
	rid := strings.TrimSpace(x.ID)
	rec := "ProfileRelationship ID=" + rid
	if rid == "" {
		rec = fmt.Sprintf("ProfileRelationship starting at line %d", line)
	}
	from, ok := a.profiles.get(strings.TrimSpace(x.From))
	if !ok {
		return recErr(a.name, line, rec, "From-ProfileID %q is no profile of this file", x.From)
	}
	to, ok := a.profiles.get(strings.TrimSpace(x.To))
	if !ok {
		return recErr(a.name, line, rec, "To-ProfileID %q is no profile of this file", x.To)
	}
	text, ok := a.lookup("RelationType", x.RelationTypeID)
	if !ok {
		return recErr(a.name, line, rec, "unknown RelationTypeID %q", x.RelationTypeID)
	}
	var span graph.Span
	switch strings.TrimSpace(x.Former) {
	case "", "false", "0":
	case "true", "1":
		if a.issued == "" {
			return recErr(a.name, line, rec, "Former relation, but the file has no DateOfIssue to end it at")
		}
		span.End = a.issued
	default:
		return recErr(a.name, line, rec, "bad Former value %q: want true or false", x.Former)
	}
	if from == to {
		return recErr(a.name, line, rec, "relation of party %s to itself", from)
	}
	prov := graph.Provenance{Source: a.list, Record: "ProfileRelationship=" + rid}
	k, known := relationKinds[strings.ToLower(clean(text))]
	switch {
	case known && k.holding:
		h := graph.Holding{Owner: "ofac:" + from, Owned: "ofac:" + to, Share: graph.Unknown(), Votes: graph.Unknown(),
			Span: span, Provenance: prov}
		if k.reverse {
			h.Owner, h.Owned = h.Owned, h.Owner
		}
		a.p.Batch().Holdings = append(a.p.Batch().Holdings, h)
	default:
		lt := graph.LinkOther
		if known {
			lt = k.link
		}
		a.p.Batch().Links = append(a.p.Batch().Links, graph.Link{From: "ofac:" + from, To: "ofac:" + to, Type: lt,
			Span: span, Provenance: prov})
	}
	return nil
}

func (a *advanced) sanctionsEntry(line int, x *xSanctionsEntry) *ingest.RowError {
	eid := strings.TrimSpace(x.ID)
	rec := "SanctionsEntry ID=" + eid
	if eid == "" {
		rec = fmt.Sprintf("SanctionsEntry starting at line %d", line)
	}
	fixed, ok := a.profiles.get(strings.TrimSpace(x.ProfileID))
	if !ok {
		return recErr(a.name, line, rec, "ProfileID %q is no profile of this file", x.ProfileID)
	}
	regime := RegimeSDN
	if a.list == ListCons {
		regime = RegimeNonSDN
	}
	if l := strings.TrimSpace(x.ListID); l != "" {
		text, ok := a.lookup("List", l)
		if !ok {
			return recErr(a.name, line, rec, "unknown ListID %q", l)
		}
		if strings.EqualFold(text, "SDN List") {
			regime = RegimeSDN
		} else {
			regime = RegimeNonSDN
		}
	}
	var listed graph.Date
	for _, ev := range x.Events {
		if ev.Date == nil {
			continue
		}
		v, err := ev.Date.parse()
		if err != nil {
			return recErr(a.name, line, rec, "EntryEvent Date: %v", err)
		}
		if d := graph.Date(v.lo().format()); listed == "" || d < listed {
			listed = d
		}
	}
	var programs []string
	for _, m := range x.Measures {
		t, ok := a.lookup("SanctionsType", m.SanctionsTypeID)
		if !ok {
			return recErr(a.name, line, rec, "unknown SanctionsTypeID %q", m.SanctionsTypeID)
		}
		if strings.EqualFold(t, "Program") {
			programs = addUnique(programs, clean(m.Comment), "")
		}
	}
	id := "ofac:" + fixed
	if len(programs) == 0 {
		programs = []string{""}
	}
	for _, pr := range programs {
		r := "SanctionsEntry=" + eid
		if pr != "" {
			r += ":" + pr
		}
		a.p.Batch().Designations = append(a.p.Batch().Designations, graph.Designation{Entity: id, Regime: regime,
			Program: pr, Listed: listed, Provenance: graph.Provenance{Source: a.list, Record: r}})
	}
	return nil
}

// ymd is a parsed date of precision 1 (year), 2 (month) or 3 (day).
type ymd struct{ y, m, d, prec int }

func (x *xYMD) parse() (ymd, error) {
	ys, ms, ds := strings.TrimSpace(x.Year), strings.TrimSpace(x.Month), strings.TrimSpace(x.Day)
	bad := func() (ymd, error) {
		return ymd{}, fmt.Errorf("bad date Year=%q Month=%q Day=%q", ys, ms, ds)
	}
	y, err := strconv.Atoi(ys)
	if err != nil || y < 1 || y > 9999 {
		return bad()
	}
	v := ymd{y: y, prec: 1}
	if ms == "" {
		if ds != "" {
			return bad()
		}
		return v, nil
	}
	m, err := strconv.Atoi(ms)
	if err != nil || m < 1 || m > 12 {
		return bad()
	}
	v.m, v.prec = m, 2
	if ds == "" {
		return v, nil
	}
	d, err := strconv.Atoi(ds)
	if err != nil || !validDay(y, m, d) {
		return bad()
	}
	v.d, v.prec = d, 3
	return v, nil
}

// lo and hi expand v to its first and last day.
func (v ymd) lo() ymd {
	if v.prec < 2 {
		v.m = 1
	}
	if v.prec < 3 {
		v.d = 1
	}
	v.prec = 3
	return v
}

func (v ymd) hi() ymd {
	if v.prec < 2 {
		v.m = 12
	}
	if v.prec < 3 {
		v.d = daysIn(v.y, v.m)
	}
	v.prec = 3
	return v
}

func (v ymd) format() string {
	switch v.prec {
	case 1:
		return fmt.Sprintf("%04d", v.y)
	case 2:
		return fmt.Sprintf("%04d-%02d", v.y, v.m)
	}
	return fmt.Sprintf("%04d-%02d-%02d", v.y, v.m, v.d)
}

// format collapses a DatePeriod: one day, one month, one year, or "A to B".
func (p *xDatePeriod) format() (string, error) {
	var bounds []*xYMD
	for _, b := range []*xBound{p.Start, p.End} {
		if b != nil {
			bounds = append(bounds, b.From, b.To)
		}
	}
	var vals []ymd
	for _, b := range bounds {
		if b == nil || (b.Year == "" && b.Month == "" && b.Day == "") {
			continue
		}
		v, err := b.parse()
		if err != nil {
			return "", err
		}
		vals = append(vals, v)
	}
	if len(vals) == 0 {
		return "", nil
	}
	lo, hi := vals[0].lo(), vals[0].hi()
	for _, v := range vals[1:] {
		if l := v.lo(); l.format() < lo.format() {
			lo = l
		}
		if h := v.hi(); h.format() > hi.format() {
			hi = h
		}
	}
	switch {
	case lo == hi:
		return lo.format(), nil
	case lo.y == hi.y && lo.m == 1 && lo.d == 1 && hi.m == 12 && hi.d == 31:
		return fmt.Sprintf("%04d", lo.y), nil
	case lo.y == hi.y && lo.m == hi.m && lo.d == 1 && hi.d == daysIn(hi.y, hi.m):
		return fmt.Sprintf("%04d-%02d", lo.y, lo.m), nil
	case lo.m == 1 && lo.d == 1 && hi.m == 12 && hi.d == 31:
		return fmt.Sprintf("%04d to %04d", lo.y, hi.y), nil
	}
	return lo.format() + " to " + hi.format(), nil
}
