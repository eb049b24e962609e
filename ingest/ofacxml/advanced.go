package ofacxml

import (
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

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
