package ofacxml

import (
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

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
			m[id] = ingest.Clean(v.Text)
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
				val = ingest.Clean(v.Value)
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
