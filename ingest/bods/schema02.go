package bods

// The shape of a BODS 0.2/0.3 statement: the JSON type of every property
// the conversion reads, checked before the typed decoding (statement02) so
// that a property of the wrong type is reported with its path. Codes,
// dates, references and shares are checked by the conversion.
var statement02Schema = func() *node {
	country := func() *node { // a code, or {code, name}
		return &node{typ: "string|object", props: map[string]*node{"code": str()}}
	}
	openBound := func() *node { return &node{typ: "number|boolean"} }
	num := func() *node { return &node{typ: "number"} }
	unspec := obj(map[string]*node{"reason": str(), "description": str()})
	juris := obj(map[string]*node{"code": str()})
	party := func(keys ...string) *node {
		props := map[string]*node{"unspecified": unspec}
		for _, k := range keys {
			props[k] = str()
		}
		return obj(props)
	}
	return obj(map[string]*node{
		"statementID":        str(),
		"statementType":      str(),
		"statementDate":      str(),
		"replacesStatements": arrOf(str()),
		"identifiers":        arrOf(obj(map[string]*node{"id": str(), "scheme": str(), "schemeName": str()})),
		"addresses": arrOf(obj(map[string]*node{
			"type": str(), "address": str(), "postCode": str(), "country": country(),
		})),
		"name":                       str(),
		"alternateNames":             arrOf(str()),
		"jurisdiction":               juris,
		"incorporatedInJurisdiction": juris,
		"foundingDate":               str(),
		"dissolutionDate":            str(),
		"uri":                        str(),
		"entityType":                 str(),
		"names": arrOf(obj(map[string]*node{
			"type": str(), "fullName": str(), "givenName": str(), "patronymicName": str(), "familyName": str(),
		})),
		"nationalities":            arrOf(country()),
		"birthDate":                str(),
		"deathDate":                str(),
		"personType":               str(),
		"missingInfoReason":        str(),
		"unspecifiedPersonDetails": unspec,
		"pepStatusDetails":         arrOf(obj(map[string]*node{"reason": str()})),
		"subject":                  party("describedByEntityStatement"),
		"interestedParty":          party("describedByPersonStatement", "describedByEntityStatement"),
		"interests": arrOf(obj(map[string]*node{
			"type": str(), "directOrIndirect": str(), "interestLevel": str(), "details": str(),
			"startDate": str(), "endDate": str(),
			"share": obj(map[string]*node{
				"exact": num(), "minimum": num(), "maximum": num(),
				"exclusiveMinimum": openBound(), "exclusiveMaximum": openBound(),
			}),
		})),
	}, "statementID")
}()

// validate02 checks the shape of a BODS 0.2/0.3 statement.
func validate02(st map[string]any, path string) *verr {
	return validate(statement02Schema, st, path)
}
