package uk

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// node is an element of one <Designation>, kept generically so that the
// nesting of details (IndividualDetails/Individual/…) need not be known.
type node struct {
	name string // lower-case local name
	text strings.Builder
	kids []*node
}

const maxDepth = 64

// xmlFields maps lower-case leaf element names onto canonical fields.
// Element names of entity details are [unverified] (FORMATS.md 2.4).
var xmlFields = map[string]string{
	"ofsigroupid": fOFSIGroupID, "unreferencenumber": fUNRef, "title": fTitle,
	"namenonlatinscript": fNonLatin, "designationsource": fDesigSource, "sanctionsimposed": fSanctions,
	"otherinformation": fOtherInfo, "ukstatementofreasons": fReasons, "phonenumber": fPhone,
	"website": fWebsite, "emailaddress": fEmail, "dob": fDOB, "nationality": fNationality,
	"nationalidentifiernumber": fNatID, "nationalidentifieradditionalinformation": fNatIDInfo,
	"passportnumber": fPassport, "passportadditionalinformation": fPassportInfo, "position": fPosition,
	"gender": fGender, "typeofentity": fEntityType, "subsidiary": fSubsidiaries, "parentcompany": fParent,
	"businessregistrationnumber": fBusinessReg, "imonumber": fIMO, "currentowneroperator": fOwner,
	"previousowneroperator": fPrevOwner, "currentbelievedflagofship": fFlag, "previousflag": fPrevFlags,
	"typeofship": fShipType, "tonnageofship": fTonnage, "lengthofship": fLength, "yearbuilt": fYearBuilt,
	"hullidentificationnumber": fHIN,
}

// readRoot reads up to the root element, which must be <Designations>.
func readRoot(name string, dec *xml.Decoder) error {
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return &ingest.RowError{File: name, Line: 1, Reason: "empty XML file: want a <Designations> root"}
		}
		if err != nil {
			return ingest.XMLError(name, dec, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local != "Designations" {
				line, _ := dec.InputPos()
				return &ingest.RowError{File: name, Line: line, Record: "<" + se.Name.Local + ">",
					Reason: "not a UK Sanctions List XML file: the root is not <Designations>"}
			}
			return nil
		}
	}
}

// xmlDate returns the <DateGenerated> of a FCDO XML file ("" if it has
// none before the first designation).
func xmlDate(name string, br *bufio.Reader) (graph.Date, error) {
	dec := xml.NewDecoder(br)
	if err := readRoot(name, dec); err != nil {
		return "", err
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", ingest.XMLError(name, dec, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := dec.InputPos()
			n, err := readNode(dec, t, 1)
			if err != nil {
				return "", ingest.XMLError(name, dec, err)
			}
			switch n.name {
			case "dategenerated":
				d, err := parseListDate(n.text.String())
				if err != nil {
					return "", &ingest.RowError{File: name, Line: line, Column: "DateGenerated",
						Reason: "bad publication date: " + err.Error()}
				}
				return d, nil
			case "designation":
				return "", nil
			}
		case xml.EndElement:
			return "", nil
		}
	}
}

// readNode reads the element started by start up to its end.
func readNode(dec *xml.Decoder, start xml.StartElement, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("elements nested more than %d deep", maxDepth)
	}
	n := &node{name: strings.ToLower(start.Name.Local)}
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			k, err := readNode(dec, t, depth+1)
			if err != nil {
				return nil, err
			}
			n.kids = append(n.kids, k)
		case xml.CharData:
			n.text.Write(t)
		case xml.EndElement:
			return n, nil
		}
	}
}

// child returns the trimmed text of n's first child called name.
func (n *node) child(name string) string {
	for _, k := range n.kids {
		if k.name == name {
			return strings.TrimSpace(k.text.String())
		}
	}
	return ""
}

// readXML reads the designations of a FCDO XML file, one <Designation>
// element at a time. A syntax error (a truncated file) ends the file: in
// lenient mode the designations read so far are kept.
func (p *reader) readXML(br *bufio.Reader) ([]*raw, error) {
	dec := xml.NewDecoder(br)
	if err := readRoot(p.name, dec); err != nil {
		return nil, err
	}
	var out []*raw
	count := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return out, p.Bad(ingest.XMLError(p.name, dec, err))
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return out, nil // </Designations>
		case xml.StartElement:
			if t.Name.Local == "DateGenerated" {
				line, _ := dec.InputPos()
				n, err := readNode(dec, t, 1)
				if err != nil {
					return out, p.Bad(ingest.XMLError(p.name, dec, err))
				}
				if _, err := parseListDate(n.text.String()); err != nil {
					if err := p.Bad(&ingest.RowError{File: p.name, Line: line, Column: "DateGenerated",
						Reason: "bad publication date: " + err.Error()}); err != nil {
						return nil, err
					}
				}
				continue
			}
			if t.Name.Local != "Designation" {
				if err := dec.Skip(); err != nil {
					return out, p.Bad(ingest.XMLError(p.name, dec, err))
				}
				continue
			}
			count++
			if count&1023 == 0 {
				if err := p.ctx.Err(); err != nil {
					return nil, err
				}
			}
			line, _ := dec.InputPos()
			n, err := readNode(dec, t, 1)
			if err != nil {
				return out, p.Bad(ingest.XMLError(p.name, dec, err))
			}
			r := &raw{line: line, record: fmt.Sprintf("<Designation> #%d", count), fields: make(map[string][]string)}
			walk(r, n)
			if r.id == "" {
				if err := p.Bad(&ingest.RowError{File: p.name, Line: line, Column: "UniqueID", Record: r.record,
					Reason: "required value is empty"}); err != nil {
					return nil, err
				}
				continue
			}
			if e := p.ids.Seen(p.name, "UniqueID", r.id, line); e != nil {
				if err := p.Bad(e); err != nil {
					return nil, err
				}
				continue
			}
			r.record = "<Designation> " + r.id
			out = append(out, r)
		}
	}
}

// walk collects the fields of one designation from its element tree.
func walk(r *raw, n *node) {
	for _, k := range n.kids {
		text := strings.TrimSpace(k.text.String())
		switch k.name {
		case "uniqueid":
			setFirst(&r.id, text)
		case "individualentityship", "designationtype":
			r.setKind(text)
		case "regimename":
			r.setRegime(text)
		case "datedesignated":
			r.setListed(text)
		case "name":
			if len(k.kids) == 0 {
				continue
			}
			var nr nameRow
			for i := range nr.parts {
				nr.parts[i] = k.child(fmt.Sprintf("name%d", i+1))
			}
			nr.typ = k.child("nametype")
			if nr.strength = k.child("aliasstrength"); nr.strength == "" {
				nr.strength = k.child("aliasquality")
			}
			r.addName(nr)
		case "address":
			var a rawAddr
			for i := range a.lines {
				a.lines[i] = k.child(fmt.Sprintf("addressline%d", i+1))
			}
			a.postal, a.country = k.child("addresspostalcode"), k.child("addresscountry")
			a.note = addressNote(k)
			r.addAddress(a)
		case "location":
			r.add(fBirthPlace, birthPlace(k.child("townofbirth"), k.child("countryofbirth")))
		default:
			if f, ok := xmlFields[k.name]; ok && len(k.kids) == 0 {
				r.add(f, text)
			} else {
				walk(r, k)
			}
		}
	}
}

// addressNote joins ("; ") the texts of the elements of an <Address> that
// are not its lines, postal code or country: remarks such as a note on
// the address, whatever their element name.
func addressNote(n *node) string {
	var notes []string
	for _, k := range n.kids {
		switch {
		case strings.HasPrefix(k.name, "addressline") && len(k.name) == len("addressline")+1,
			k.name == "addresspostalcode", k.name == "addresscountry":
			continue
		}
		if t := ingest.Clean(k.text.String()); t != "" {
			notes = append(notes, t)
		}
	}
	return strings.Join(notes, "; ")
}
