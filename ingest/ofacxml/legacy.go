package ofacxml

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// Legacy SDN.XML structures (FORMATS.md 1.3). Element names are matched by
// local name only.
type xPublish struct {
	PublishDate string `xml:"Publish_Date"`
	RecordCount string `xml:"Record_Count"`
}

type xEntry struct {
	UID       string   `xml:"uid"`
	FirstName string   `xml:"firstName"`
	LastName  string   `xml:"lastName"`
	Title     string   `xml:"title"`
	SdnType   string   `xml:"sdnType"`
	Remarks   string   `xml:"remarks"`
	Programs  []string `xml:"programList>program"`
	IDs       []struct {
		IDType    string `xml:"idType"`
		IDNumber  string `xml:"idNumber"`
		IDCountry string `xml:"idCountry"`
	} `xml:"idList>id"`
	Akas []struct {
		Type      string `xml:"type"`
		Category  string `xml:"category"`
		LastName  string `xml:"lastName"`
		FirstName string `xml:"firstName"`
	} `xml:"akaList>aka"`
	Addresses []struct {
		Address1        string `xml:"address1"`
		Address2        string `xml:"address2"`
		Address3        string `xml:"address3"`
		City            string `xml:"city"`
		StateOrProvince string `xml:"stateOrProvince"`
		PostalCode      string `xml:"postalCode"`
		Country         string `xml:"country"`
	} `xml:"addressList>address"`
	Nationalities []struct {
		Country string `xml:"country"`
	} `xml:"nationalityList>nationality"`
	Citizenships []struct {
		Country string `xml:"country"`
	} `xml:"citizenshipList>citizenship"`
	BirthDates []struct {
		DateOfBirth string `xml:"dateOfBirth"`
	} `xml:"dateOfBirthList>dateOfBirthItem"`
	BirthPlaces []struct {
		PlaceOfBirth string `xml:"placeOfBirth"`
	} `xml:"placeOfBirthList>placeOfBirthItem"`
	Vessel *struct {
		CallSign               string `xml:"callSign"`
		VesselType             string `xml:"vesselType"`
		VesselFlag             string `xml:"vesselFlag"`
		VesselOwner            string `xml:"vesselOwner"`
		Tonnage                string `xml:"tonnage"`
		GrossRegisteredTonnage string `xml:"grossRegisteredTonnage"`
	} `xml:"vesselInfo"`
}

// Fact types beyond graph's Fact* constants; the values are those of
// ingest/ofac.
const (
	FactVesselOwner            = "vessel-owner"
	FactGrossRegisteredTonnage = "gross-registered-tonnage"
	FactFormerVesselFlag       = "former-vessel-flag"
	FactAircraftOperator       = "aircraft-operator"
	FactAircraftBuilt          = "aircraft-manufacture-date"
	FactAircraftSerial         = "aircraft-serial-number"
	FactTargetType             = "target-type"
	FactFax                    = "fax"
)

// publishInfo is what <publshInformation> says: the publication date and
// the number of entries (count < 0 when the file gives none).
type publishInfo struct {
	date  graph.Date
	count int
	line  int
}

func decodePublishInfo(name string, d *xml.Decoder, se *xml.StartElement) (publishInfo, error) {
	line, _ := d.InputPos()
	info := publishInfo{count: -1, line: line}
	var pi xPublish
	if err := d.DecodeElement(&pi, se); err != nil {
		return info, syntaxError(name, d, err, "publshInformation")
	}
	if c := ingest.Clean(pi.RecordCount); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 0 {
			return info, recErr(name, line, "publshInformation", "Record_Count %q is not a number", c)
		}
		info.count = n
	}
	if strings.TrimSpace(pi.PublishDate) == "" {
		return info, nil
	}
	date, err := parseUSDate(pi.PublishDate)
	if err != nil {
		return info, recErr(name, line, "publshInformation", "Publish_Date: %v", err)
	}
	info.date = date
	return info, nil
}

// checkCount compares the file's Record_Count with the number of sdnEntry
// elements read: a file that holds fewer or more entries than it says is
// not the whole list, a bad record (so that a lenient load is a partial
// version and closes nothing).
func checkCount(name string, info publishInfo, entries int) *ingest.RowError {
	if info.count < 0 || info.count == entries {
		return nil
	}
	return &ingest.RowError{File: name, Line: info.line, Column: "Record_Count", Record: "publshInformation",
		Reason: fmt.Sprintf("publshInformation: Record_Count is %d but the file holds %d sdnEntry elements: not the whole list", info.count, entries)}
}

// nameIndex maps an upper-cased primary name to its uid; "" marks a name
// shared by several records.
type nameIndex map[string]string

func (n nameIndex) add(key, uid string) {
	key = strings.ToUpper(ingest.Clean(key))
	if key == "" {
		return
	}
	if old, ok := n[key]; ok && old != uid {
		n[key] = ""
		return
	}
	n[key] = uid
}

// resolve looks text up as is and without one final period; it returns the
// uid (empty if unknown or ambiguous) and the spelling to keep.
func (n nameIndex) resolve(text string, last bool) (uid, spelling string) {
	variants := []string{text}
	if t, ok := strings.CutSuffix(text, "."); ok {
		variants = append(variants, strings.TrimSpace(t))
	}
	for _, v := range variants {
		if id, ok := n[strings.ToUpper(ingest.Clean(v))]; ok {
			return id, v
		}
	}
	if last && len(variants) > 1 {
		// The final period of the remarks is OFAC's end-of-record marker.
		return "", variants[1]
	}
	return "", text
}

// collectNames is the first pass over a legacy file: primary names only.
func collectNames(name string, r io.Reader) (nameIndex, error) {
	d := newDecoder(r)
	if _, err := rootElement(name, d); err != nil {
		return nil, err
	}
	names := make(nameIndex)
	for {
		se, err := nextStart(name, d, "")
		if err != nil {
			return nil, err
		}
		if se == nil {
			return names, nil
		}
		if se.Name.Local != "sdnEntry" {
			if err := d.Skip(); err != nil {
				return nil, syntaxError(name, d, err, "")
			}
			continue
		}
		line, _ := d.InputPos()
		var e struct {
			UID       string `xml:"uid"`
			FirstName string `xml:"firstName"`
			LastName  string `xml:"lastName"`
		}
		if err := d.DecodeElement(&e, se); err != nil {
			return nil, syntaxError(name, d, err, fmt.Sprintf("sdnEntry starting at line %d", line))
		}
		uid := strings.TrimSpace(e.UID)
		if uid == "" {
			continue // reported by the second pass
		}
		names.add(personName(e.LastName, e.FirstName), uid)
		if f := ingest.Clean(e.FirstName); f != "" {
			names.add(f+" "+ingest.Clean(e.LastName), uid)
		}
	}
}

// parseLegacy is the second pass: one sdnEntry at a time.
func (p *parser) parseLegacy(name string, d *xml.Decoder, names nameIndex) error {
	list := listOf(name)
	regime := RegimeSDN
	if list == ListCons {
		regime = RegimeNonSDN
	}
	info, entries := publishInfo{count: -1}, 0
	for {
		se, err := nextStart(name, d, "")
		if err != nil {
			return err
		}
		if se == nil {
			if re := checkCount(name, info, entries); re != nil {
				return p.Bad(re)
			}
			return nil
		}
		switch se.Name.Local {
		case "publshInformation":
			if info, err = decodePublishInfo(name, d, se); err != nil {
				return err
			}
		case "sdnEntry":
			entries++
			line, _ := d.InputPos()
			var e xEntry
			if err := d.DecodeElement(&e, se); err != nil {
				return syntaxError(name, d, err, fmt.Sprintf("sdnEntry starting at line %d", line))
			}
			re := p.ids.Seen(name, "uid", strings.TrimSpace(e.UID), line)
			if re == nil {
				re = legacyEntry(p.Batch(), name, line, list, regime, &e, names)
			}
			if re != nil {
				if err := p.Bad(re); err != nil {
					return err
				}
				continue
			}
			if err := p.done(); err != nil {
				return err
			}
		default:
			if err := d.Skip(); err != nil {
				return syntaxError(name, d, err, "")
			}
		}
	}
}

// legacyKind maps sdnType (Individual, Entity, Vessel, Aircraft) to a kind.
func legacyKind(t string) graph.Kind { return kindOf(strings.TrimSpace(t)) }

// legacyEntry converts one sdnEntry; it adds nothing to b on error.
func legacyEntry(b *graph.Batch, name string, line int, list string, regime graph.Regime, e *xEntry, names nameIndex) *ingest.RowError {
	uid := strings.TrimSpace(e.UID)
	if uid == "" {
		return recErr(name, line, "sdnEntry", "no uid")
	}
	rec := "sdnEntry uid=" + uid
	if !ingest.AllDigits(uid) {
		return recErr(name, line, rec, "uid %q is not a number", uid)
	}
	id := "ofac:" + uid
	prov := func(suffix string) graph.Provenance {
		return graph.Provenance{Source: list, Record: "uid=" + uid + suffix}
	}
	ent := graph.Entity{ID: id, Kind: legacyKind(e.SdnType), Name: personName(e.LastName, e.FirstName), Provenance: prov("")}
	if ent.Name == "" {
		return recErr(name, line, rec, "no lastName: the entry has no name")
	}
	for _, a := range e.Akas {
		n := personName(a.LastName, a.FirstName)
		if strings.EqualFold(strings.TrimSpace(a.Category), "weak") {
			if n != ent.Name {
				ent.WeakAliases = ingest.AppendNew(ent.WeakAliases, n)
			}
		} else {
			if n != ent.Name {
				ent.Aliases = ingest.AppendNew(ent.Aliases, n)
			}
		}
	}
	for _, x := range e.IDs {
		if ident, ok := identifier(x.IDType, x.IDNumber, ingest.Country(&ent, x.IDCountry)); ok {
			ent.Identifiers = addIdentifier(ent.Identifiers, ident)
		}
	}
	for _, a := range e.Addresses {
		var street []string
		for _, s := range []string{a.Address1, a.Address2, a.Address3} {
			if s = ingest.Clean(s); s != "" {
				street = append(street, s)
			}
		}
		addr := graph.Address{Street: strings.Join(street, ", "), City: ingest.Clean(a.City), Region: ingest.Clean(a.StateOrProvince),
			Postal: ingest.Clean(a.PostalCode), Country: ingest.Country(&ent, a.Country)}
		if addr != (graph.Address{}) {
			ent.Addresses = append(ent.Addresses, addr)
		}
	}
	for _, n := range e.Nationalities {
		ent.Facts = ingest.AddFact(ent.Facts, graph.FactNationality, n.Country)
		ingest.AddCountry(&ent, n.Country)
	}
	for _, c := range e.Citizenships {
		ent.Facts = ingest.AddFact(ent.Facts, graph.FactCitizenship, c.Country)
		ingest.AddCountry(&ent, c.Country)
	}
	for _, x := range e.BirthDates {
		ent.Facts = ingest.AddFact(ent.Facts, graph.FactBirthDate, birthDate(x.DateOfBirth))
	}
	for _, x := range e.BirthPlaces {
		ent.Facts = ingest.AddFact(ent.Facts, graph.FactBirthPlace, x.PlaceOfBirth)
	}
	ent.Facts = ingest.AddFact(ent.Facts, graph.FactTitle, e.Title)
	if v := e.Vessel; v != nil {
		ent.Facts = ingest.AddFact(ent.Facts, graph.FactCallSign, v.CallSign)
		ent.Facts = ingest.AddFact(ent.Facts, graph.FactVesselType, v.VesselType)
		ent.Facts = ingest.AddFact(ent.Facts, graph.FactVesselFlag, v.VesselFlag)
		ent.Facts = ingest.AddFact(ent.Facts, FactVesselOwner, v.VesselOwner)
		ent.Facts = ingest.AddFact(ent.Facts, graph.FactTonnage, v.Tonnage)
		ent.Facts = ingest.AddFact(ent.Facts, FactGrossRegisteredTonnage, v.GrossRegisteredTonnage)
	}
	remarks := ingest.Clean(e.Remarks)
	ent.Facts = ingest.AddFact(ent.Facts, graph.FactRemark, remarks)

	var links []graph.Link
	items := strings.Split(remarks, ";")
	for i, item := range items {
		item = strings.TrimSpace(item)
		item = strings.TrimSpace(strings.TrimPrefix(item, "alt. "))
		if len(item) < len("Linked To:") || !strings.EqualFold(item[:len("Linked To:")], "Linked To:") {
			continue
		}
		text := strings.TrimSpace(item[len("Linked To:"):])
		if text == "" {
			continue
		}
		to, spelling := names.resolve(text, i == len(items)-1)
		if to == "" && spelling == "" {
			continue // "Linked To: ." names nothing
		}
		l := graph.Link{From: id, ToName: spelling, Type: graph.LinkLinkedTo, Provenance: prov(":linked-to:" + spelling)}
		if to != "" {
			l.To = "ofac:" + to
		}
		links = append(links, l)
	}

	b.Entities = append(b.Entities, ent)
	b.Links = append(b.Links, links...)
	var programs []string
	for _, pr := range e.Programs {
		programs = ingest.AppendNew(programs, ingest.Clean(pr))
	}
	if len(programs) == 0 {
		b.Designations = append(b.Designations, graph.Designation{Entity: id, Regime: regime, Provenance: prov("")})
	}
	for _, pr := range programs {
		b.Designations = append(b.Designations, graph.Designation{Entity: id, Regime: regime, Program: pr, Provenance: prov(":" + pr)})
	}
	return nil
}
