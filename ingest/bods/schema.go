package bods

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// verr is one validation error, in the terms of a JSON-schema validator:
// Kind is the failing keyword ("required", "type", "enum", "format",
// "anyOf", "oneOf", "const", "minimum", "maximum", "minLength",
// "maxLength", "pattern"), Path the instance location ("$[0].recordDetails")
// and Msg a human-readable message naming the property.
type verr struct {
	Kind string
	Path string
	Msg  string
}

func errf(kind, path, format string, args ...any) *verr {
	return &verr{Kind: kind, Path: path, Msg: fmt.Sprintf(format, args...)}
}

// node is a hand-written subset of JSON schema, enough for BODS 0.4.
type node struct {
	typ      string // object, array, string, number, boolean, or alternatives "string|object"; "" accepts any
	props    map[string]*node
	required []string
	items    *node
	enum     []string
	minLen   int
	maxLen   int
	min, max *float64
	format   string // date, uri, dateAny (anyOf date / date-time), version
	// check runs after the generic checks of an object.
	check func(m map[string]any, path string) *verr
}

func str() *node                { return &node{typ: "string"} }
func boolean() *node            { return &node{typ: "boolean"} }
func strFmt(f string) *node     { return &node{typ: "string", format: f} }
func strEnum(e ...string) *node { return &node{typ: "string", enum: e} }
func arrOf(n *node) *node       { return &node{typ: "array", items: n} }
func strLen(lo, hi int) *node   { return &node{typ: "string", minLen: lo, maxLen: hi} }
func pct() *node {
	lo, hi := 0.0, 100.0
	return &node{typ: "number", min: &lo, max: &hi}
}
func obj(props map[string]*node, required ...string) *node {
	return &node{typ: "object", props: props, required: required}
}

var (
	unspecifiedReasons = []string{"noBeneficialOwners", "subjectUnableToConfirmOrIdentifyBeneficialOwner",
		"interestedPartyHasNotProvidedInformation", "subjectExemptFromDisclosure",
		"interestedPartyExemptFromDisclosure", "unknown", "informationUnknownToPublisher"}
	interestTypes04 = []string{"shareholding", "votingRights", "appointmentOfBoard", "otherInfluenceOrControl",
		"seniorManagingOfficial", "settlor", "trustee", "protector", "beneficiaryOfLegalArrangement",
		"rightsToSurplusAssetsOnDissolution", "rightsToProfitOrIncome", "rightsGrantedByContract",
		"conditionalRightsGrantedByContract", "controlViaCompanyRulesOrArticles", "controlByLegalFramework",
		"boardMember", "boardChair", "unknownInterest", "unpublishedInterest", "enjoymentAndUseOfAssets",
		"rightToProfitOrIncomeFromAssets", "nominee", "nominator"}
	entityTypes   = []string{"registeredEntity", "legalEntity", "arrangement", "anonymousEntity", "unknownEntity", "state", "stateBody"}
	personTypes   = []string{"knownPerson", "anonymousPerson", "unknownPerson"}
	entitySubtype = []string{"governmentDepartment", "stateAgency", "other", "trust", "nomination"}
	// subtypeOf lists the entity types a subtype may be used with (nil: any).
	subtypeOf = map[string][]string{
		"governmentDepartment": {"stateBody"},
		"stateAgency":          {"stateBody"},
		"trust":                {"arrangement", "legalEntity"},
		"nomination":           {"arrangement"},
	}
)

func sourceNode() *node {
	return obj(map[string]*node{
		"type":        arrOf(strEnum("selfDeclaration", "officialRegister", "thirdParty", "primaryResearch", "verified")),
		"description": str(),
		"url":         strFmt("uri"),
		"retrievedAt": strFmt("dateAny"),
		"assertedBy":  arrOf(obj(map[string]*node{"name": str(), "uri": strFmt("uri")})),
	})
}

func jurisdictionNode() *node {
	return obj(map[string]*node{"name": str(), "code": strLen(2, 6)}, "name")
}

func countryNode() *node {
	return obj(map[string]*node{"name": str(), "code": strLen(2, 2)}, "name")
}

func identifierNode() *node {
	n := obj(map[string]*node{"id": str(), "scheme": str(), "schemeName": str(), "uri": strFmt("uri")})
	n.check = func(m map[string]any, path string) *verr {
		_, a := m["scheme"]
		_, b := m["schemeName"]
		if !a && !b {
			return errf("anyOf", path, "identifier needs a scheme or a schemeName")
		}
		return nil
	}
	return n
}

func addressNode(types ...string) *node {
	return obj(map[string]*node{
		"type":     strEnum(types...),
		"address":  str(),
		"postCode": str(),
		"country":  countryNode(),
	})
}

func unspecifiedNode() *node {
	return obj(map[string]*node{"reason": strEnum(unspecifiedReasons...), "description": str()}, "reason")
}

func shareNode() *node {
	return obj(map[string]*node{
		"exact": pct(), "minimum": pct(), "maximum": pct(), "exclusiveMinimum": pct(), "exclusiveMaximum": pct(),
	})
}

func annotationNode() *node {
	n := obj(map[string]*node{
		"statementPointerTarget": str(),
		"creationDate":           strFmt("dateAny"),
		"createdBy":              obj(map[string]*node{"name": str(), "uri": strFmt("uri")}),
		"motivation":             strEnum("commenting", "correcting", "identifying", "linking", "transformation"),
		"description":            str(),
		"transformedContent":     str(),
		"url":                    strFmt("uri"),
	}, "statementPointerTarget", "motivation")
	n.check = func(m map[string]any, path string) *verr {
		mot, _ := m["motivation"].(string)
		if _, ok := m["url"]; mot == "linking" && !ok {
			return errf("required", path, `"url" is a required property (motivation linking)`)
		}
		if tc, ok := m["transformedContent"].(string); ok && tc != "" && mot != "transformation" {
			return errf("const", path+".transformedContent", "transformedContent must be empty unless motivation is transformation")
		}
		return nil
	}
	return n
}

func entityNode() *node {
	et := obj(map[string]*node{"type": strEnum(entityTypes...), "subtype": strEnum(entitySubtype...), "details": str()}, "type")
	et.check = func(m map[string]any, path string) *verr {
		sub, _ := m["subtype"].(string)
		typ, _ := m["type"].(string)
		if allowed, ok := subtypeOf[sub]; ok && !slices.Contains(allowed, typ) {
			return errf("enum", path+".subtype", "subtype %q cannot be used with entity type %q", sub, typ)
		}
		return nil
	}
	listing := obj(map[string]*node{
		"marketIdentifierCode":          str(),
		"operatingMarketIdentifierCode": str(),
		"stockExchangeJurisdiction":     strLen(2, 6),
		"stockExchangeName":             str(),
		"security": obj(map[string]*node{
			"idScheme": strEnum("isin", "cusip", "figi", "cins", "sedol", "valor", "wkn", "ric", "other"),
			"id":       str(), "ticker": str(),
		}, "ticker"),
	}, "stockExchangeJurisdiction", "stockExchangeName", "security")
	return obj(map[string]*node{
		"isComponent":              boolean(),
		"entityType":               et,
		"unspecifiedEntityDetails": unspecifiedNode(),
		"name":                     str(),
		"alternateNames":           arrOf(str()),
		"jurisdiction":             jurisdictionNode(),
		"identifiers":              arrOf(identifierNode()),
		"foundingDate":             strFmt("date"),
		"dissolutionDate":          strFmt("date"),
		"addresses":                arrOf(addressNode("registered", "business", "service", "alternative", "residence")),
		"uri":                      strFmt("uri"),
		"publicListing": obj(map[string]*node{
			"hasPublicListing":   boolean(),
			"companyFilingsURLs": arrOf(strFmt("uri")),
			"securitiesListings": arrOf(listing),
		}, "hasPublicListing"),
		"formedByStatute": obj(map[string]*node{"name": str(), "date": strFmt("date")}),
	}, "isComponent", "entityType")
}

func personNode() *node {
	pep := obj(map[string]*node{
		"reason":            str(),
		"missingInfoReason": str(),
		"jurisdiction":      jurisdictionNode(),
		"startDate":         str(),
		"endDate":           str(),
		"source":            sourceNode(),
	})
	return obj(map[string]*node{
		"isComponent":              boolean(),
		"personType":               strEnum(personTypes...),
		"unspecifiedPersonDetails": unspecifiedNode(),
		"names": arrOf(obj(map[string]*node{
			"type":           strEnum("legal", "individual", "translation", "transliteration", "former", "alternative", "birth"),
			"fullName":       str(),
			"familyName":     str(),
			"givenName":      str(),
			"patronymicName": str(),
		}, "fullName")),
		"identifiers":    arrOf(identifierNode()),
		"nationalities":  arrOf(countryNode()),
		"placeOfBirth":   addressNode("placeOfBirth"),
		"birthDate":      str(),
		"deathDate":      str(),
		"taxResidencies": arrOf(countryNode()),
		"addresses":      arrOf(addressNode("residence", "service", "alternative")),
		"politicalExposure": obj(map[string]*node{
			"status":  strEnum("isPep", "isNotPep", "unknown"),
			"details": arrOf(pep),
		}, "status"),
	}, "isComponent", "personType")
}

func relationshipNode() *node {
	party := func(name string) *node {
		return &node{format: "party:" + name}
	}
	n := obj(map[string]*node{
		"isComponent":      boolean(),
		"componentRecords": arrOf(str()),
		"subject":          party("subject"),
		"interestedParty":  party("interestedParty"),
		"interests": arrOf(obj(map[string]*node{
			"type":                         strEnum(interestTypes04...),
			"directOrIndirect":             strEnum("direct", "indirect", "unknown"),
			"beneficialOwnershipOrControl": boolean(),
			"details":                      str(),
			"share":                        shareNode(),
			"startDate":                    strFmt("date"),
			"endDate":                      strFmt("date"),
		})),
	}, "isComponent", "subject", "interestedParty")
	n.check = func(m map[string]any, path string) *verr {
		if c, _ := m["isComponent"].(bool); c {
			if cr, ok := m["componentRecords"].([]any); ok && len(cr) > 0 {
				return errf("const", path+".componentRecords", "componentRecords must be empty in a component relationship (isComponent true)")
			}
		}
		return nil
	}
	return n
}

var (
	statementSchema = func() *node {
		pub := obj(map[string]*node{
			"publicationDate": strFmt("dateAny"),
			"bodsVersion":     strFmt("version"),
			"license":         strFmt("uri"),
			"publisher":       obj(map[string]*node{"name": str(), "url": strFmt("uri")}),
		}, "publicationDate", "bodsVersion", "publisher")
		pub.props["publisher"].check = func(m map[string]any, path string) *verr {
			_, a := m["name"]
			_, b := m["url"]
			if !a && !b {
				return errf("anyOf", path, "publisher needs a name or a url")
			}
			return nil
		}
		return obj(map[string]*node{
			"statementId":        strLen(32, 64),
			"statementDate":      strFmt("dateAny"),
			"annotations":        arrOf(annotationNode()),
			"publicationDetails": pub,
			"source":             sourceNode(),
			"declaration":        str(),
			"declarationSubject": str(),
			"recordId":           str(),
			"recordType":         strEnum("entity", "person", "relationship"),
			"recordStatus":       strEnum("new", "updated", "closed"),
			"recordDetails":      {typ: "object"},
		}, "statementId", "statementDate", "declarationSubject", "recordId", "recordType", "recordDetails")
	}()
	recordSchemas = map[string]*node{
		"entity":       entityNode(),
		"person":       personNode(),
		"relationship": relationshipNode(),
	}
)

// validate04 checks a BODS 0.4 statement against the schema subset.
func validate04(st map[string]any, path string) *verr {
	if e := validate(statementSchema, st, path); e != nil {
		return e
	}
	rt, _ := st["recordType"].(string)
	if rs, ok := recordSchemas[rt]; ok {
		return validate(rs, st["recordDetails"], path+".recordDetails")
	}
	return nil
}

// typeIn reports whether JSON type t is typ, or one of the types of a
// list such as "string|object".
func typeIn(t, typ string) bool {
	for typ != "" {
		var one string
		one, typ, _ = strings.Cut(typ, "|")
		if one == t {
			return true
		}
	}
	return false
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

func lastName(path string) string {
	p := path
	for strings.HasSuffix(p, "]") {
		i := strings.LastIndexByte(p, '[')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[i+1:]
	}
	return ""
}

var versionRE = regexp.MustCompile(`^(\d+\.)(\d+)$`)

func validate(n *node, v any, path string) *verr {
	if n == nil {
		return nil
	}
	if strings.HasPrefix(n.format, "party:") {
		switch x := v.(type) {
		case string:
			return nil
		case map[string]any:
			return validate(unspecifiedNode(), x, path)
		}
		return errf("oneOf", path, "%s must be a recordId or an unspecified record, not %s", lastName(path), jsonType(v))
	}
	if n.typ != "" && !typeIn(jsonType(v), n.typ) {
		return errf("type", path, "%s: %s is not of type %q", lastName(path), jsonType(v), n.typ)
	}
	switch x := v.(type) {
	case map[string]any:
		for _, r := range n.required {
			if _, ok := x[r]; !ok {
				return errf("required", path, "%q is a required property", r)
			}
		}
		keys := make([]string, 0, len(n.props))
		for k := range n.props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if c, ok := x[k]; ok {
				if e := validate(n.props[k], c, path+"."+k); e != nil {
					return e
				}
			}
		}
		if n.check != nil {
			return n.check(x, path)
		}
	case []any:
		for i, c := range x {
			if e := validate(n.items, c, path+"["+strconv.Itoa(i)+"]"); e != nil {
				return e
			}
		}
	case string:
		if n.enum != nil && !slices.Contains(n.enum, x) {
			return errf("enum", path, "%s: %q is not one of the codes %s", lastName(path), x, strings.Join(n.enum, ", "))
		}
		if n.minLen > 0 && len([]rune(x)) < n.minLen {
			return errf("minLength", path, "%s: %q is shorter than %d characters", lastName(path), x, n.minLen)
		}
		if n.maxLen > 0 && len([]rune(x)) > n.maxLen {
			return errf("maxLength", path, "%s: %q is longer than %d characters", lastName(path), x, n.maxLen)
		}
		switch n.format {
		case "date":
			if !isDate(x) {
				return errf("format", path, "%s: %q is not a date YYYY-MM-DD", lastName(path), x)
			}
		case "dateAny":
			if !isDate(x) && !isDateTime(x) {
				return errf("anyOf", path, "%s: %q is neither a date nor a date-time", lastName(path), x)
			}
		case "uri":
			if !isURI(x) {
				return errf("format", path, "%s: %q is not an absolute URI", lastName(path), x)
			}
		case "version":
			if !versionRE.MatchString(x) {
				return errf("pattern", path, "%s: %q is not a version major.minor", lastName(path), x)
			}
		}
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return errf("type", path, "%s: %q is not a number", lastName(path), x)
		}
		if n.min != nil && f < *n.min {
			return errf("minimum", path, "%s: %s is less than the minimum of %g", lastName(path), x, *n.min)
		}
		if n.max != nil && f > *n.max {
			return errf("maximum", path, "%s: %s is greater than the maximum of %g", lastName(path), x, *n.max)
		}
	}
	return nil
}

func isURI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "" || u.Path != "")
}
