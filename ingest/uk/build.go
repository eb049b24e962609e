package uk

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// Canonical field names: the FCDO CSV header, lower-case with collapsed
// spaces. ConList columns and XML elements are mapped onto them.
const (
	fLastUpdated   = "last updated"
	fUniqueID      = "unique id"
	fOFSIGroupID   = "ofsi group id"
	fUNRef         = "un reference number"
	fNameType      = "name type"
	fAliasStrength = "alias strength"
	fTitle         = "title"
	fNonLatin      = "name non-latin script"
	fRegime        = "regime name"
	fDesigType     = "designation type"
	fDesigSource   = "designation source"
	fSanctions     = "sanctions imposed"
	fOtherInfo     = "other information"
	fReasons       = "uk statement of reasons"
	fPostal        = "address postal code"
	fCountry       = "address country"
	fPhone         = "phone number"
	fWebsite       = "website"
	fEmail         = "email address"
	fDateDesig     = "date designated"
	fDOB           = "d.o.b"
	fNationality   = "nationality(/ies)"
	fNatID         = "national identifier number"
	fNatIDInfo     = "national identifier additional information"
	fPassport      = "passport number"
	fPassportInfo  = "passport additional information"
	fPosition      = "position"
	fGender        = "gender"
	fTownOfBirth   = "town of birth"
	fCountryBirth  = "country of birth"
	fEntityType    = "type of entity"
	fSubsidiaries  = "subsidiaries"
	fParent        = "parent company"
	fBusinessReg   = "business registration number (s)"
	fIMO           = "imo number"
	fOwner         = "current owner/operator (s)"
	fPrevOwner     = "previous owner/operator (s)"
	fFlag          = "current believed flag of ship"
	fPrevFlags     = "previous flags"
	fShipType      = "type of ship"
	fTonnage       = "tonnage of ship"
	fLength        = "length of ship"
	fYearBuilt     = "year built"
	fHIN           = "hull identification number (hin)"

	// fBirthPlace is derived: "town, country" of one birth record.
	fBirthPlace = "birth place"
)

// nameFields are "Name 1" … "Name 6".
var nameFields = [6]string{"name 1", "name 2", "name 3", "name 4", "name 5", "name 6"}

// addressFields are "Address Line 1" … "Address Line 6".
var addressFields = [6]string{"address line 1", "address line 2", "address line 3",
	"address line 4", "address line 5", "address line 6"}

// listFields are the fields kept as lists of distinct values, in the order
// their facts and identifiers are produced.
var listFields = []string{
	fTitle, fDOB, fBirthPlace, fNationality, fGender, fPosition, fPhone, fWebsite, fEmail,
	fDesigSource, fSanctions, fEntityType, fShipType, fFlag, fPrevFlags, fTonnage, fLength,
	fYearBuilt, fOFSIGroupID, fOtherInfo, fReasons, fPassport, fPassportInfo, fNatID, fNatIDInfo,
	fBusinessReg, fIMO, fHIN, fParent, fSubsidiaries, fOwner, fPrevOwner, fNonLatin, fUNRef,
}

// nameRow is one published name of a designation.
type nameRow struct {
	parts    [6]string // Name 1 … Name 6
	typ      string    // Name type / Alias Type
	strength string    // Alias strength / Alias Quality
}

// full is "Name 1 Name 2 … Name 6" with whitespace collapsed.
func (n nameRow) full() string {
	return ingest.Clean(strings.Join(n.parts[:], " "))
}

// rawAddr is one published address.
type rawAddr struct {
	lines           [6]string
	postal, country string
	note            string // a remark on the address (XML: any other element of <Address>)
}

// raw is one designation as read, before conversion: the same shape for
// every variant, so that CSV and XML convert identically.
type raw struct {
	id     string
	line   int    // first line of the designation in its file
	record string // raw text of that line, for errors
	kind   string // Designation Type as published (first non-empty)
	regime string // first non-empty Regime Name
	listed string // first non-empty Date Designated, as published
	names  []nameRow
	addrs  []rawAddr
	fields map[string][]string
	seen   map[string]bool // field + "\x00" + value, for add
}

func newRaw(id string, line int, record string) *raw {
	return &raw{id: id, line: line, record: record, fields: make(map[string][]string)}
}

// add appends v to field f unless empty or already there.
func (r *raw) add(f, v string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	k := f + "\x00" + v
	if r.seen[k] {
		return
	}
	if r.seen == nil {
		r.seen = make(map[string]bool)
	}
	r.seen[k] = true
	r.fields[f] = append(r.fields[f], v)
}

func (r *raw) addName(n nameRow) {
	if n.full() == "" {
		return
	}
	for _, x := range r.names {
		if x == n {
			return
		}
	}
	r.names = append(r.names, n)
}

func (r *raw) addAddress(a rawAddr) {
	if a == (rawAddr{}) {
		return
	}
	for _, x := range r.addrs {
		if x == a {
			return
		}
	}
	r.addrs = append(r.addrs, a)
}

func (r *raw) setKind(v string)   { setFirst(&r.kind, v) }
func (r *raw) setRegime(v string) { setFirst(&r.regime, v) }
func (r *raw) setListed(v string) { setFirst(&r.listed, v) }

func setFirst(p *string, v string) {
	if *p == "" {
		*p = strings.TrimSpace(v)
	}
}

// birthPlace joins a town and a country of birth.
func birthPlace(town, country string) string {
	town, country = strings.TrimSpace(town), strings.TrimSpace(country)
	switch {
	case town == "":
		return country
	case country == "":
		return town
	}
	return town + ", " + country
}

// parseKind maps Designation Type / IndividualEntityShip / Group Type.
func parseKind(s string) (graph.Kind, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "individual":
		return graph.KindPerson, true
	case "entity":
		return graph.KindCompany, true
	case "ship":
		return graph.KindVessel, true
	}
	return "", false
}

// parseDMY parses dd/mm/yyyy (one-digit day and month accepted).
func parseDMY(s string) (graph.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	t, err := time.Parse("2/1/2006", s)
	if err != nil || !strings.Contains(s, "/") || len(s) < 8 {
		return "", fmt.Errorf("bad date %q: want dd/mm/yyyy", s)
	}
	return graph.Date(t.Format(graph.DateLayout)), nil
}

// parseListDate parses a file's publication date: "13-Feb-2026",
// "dd/mm/yyyy", "YYYY-MM-DD" or an ISO timestamp starting with one.
func parseListDate(s string) (graph.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	for _, layout := range []string{"2-Jan-2006", "2 Jan 2006", "2-January-2006", "2 January 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return graph.Date(t.Format(graph.DateLayout)), nil
		}
	}
	if strings.Contains(s, "/") {
		return parseDMY(s)
	}
	if len(s) >= 10 {
		if d, err := graph.ParseDate(s[:10]); err == nil && (len(s) == 10 || s[10] == 'T' || s[10] == ' ') {
			return d, nil
		}
	}
	return "", fmt.Errorf("bad date %q: want dd-Mon-yyyy, dd/mm/yyyy or YYYY-MM-DD", s)
}

// birthDate normalises a published date of birth: dd/mm/yyyy becomes
// YYYY-MM-DD; a partial date, its unknown day or month written 00 or
// dd/mm (the UK Sanctions List XML publishes "dd/mm/1945"), becomes
// YYYY-MM (day unknown) or YYYY (month unknown); any other text is kept as
// published.
func birthDate(s string) string {
	d, m, y, ok := splitDMY(s)
	if !ok {
		return s
	}
	switch {
	case m == "00":
		return y
	case d == "00":
		return y + "-" + m
	}
	if t, err := time.Parse("02/01/2006", d+"/"+m+"/"+y); err == nil {
		return t.Format(graph.DateLayout)
	}
	return s
}

var dmyRe = regexp.MustCompile(`^(\d{1,2}|(?i:dd))/(\d{1,2}|(?i:mm))/(\d{4})$`)

// splitDMY splits d/m/yyyy into two-digit day and month and the year; an
// unknown day or month ("dd", "mm") is "00".
func splitDMY(s string) (d, m, y string, ok bool) {
	g := dmyRe.FindStringSubmatch(strings.TrimSpace(s))
	if g == nil {
		return "", "", "", false
	}
	pad := func(x string) string {
		switch {
		case strings.EqualFold(x, "dd"), strings.EqualFold(x, "mm"):
			return "00"
		case len(x) == 1:
			return "0" + x
		}
		return x
	}
	d, m, y = pad(g[1]), pad(g[2]), g[3]
	if m > "12" {
		return "", "", "", false
	}
	return d, m, y, true
}

var enumRe = regexp.MustCompile(`\(\d{1,2}\)`)

// splitList splits a multi-valued cell conservatively: on line breaks, '|'
// and ';', then on an enumeration "(1) A (2) B" when a part starts with
// "(1)". Commas never split. Parts are trimmed of white space and of
// trailing ',' and '.' runs that are not part of an abbreviation.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool {
		return r == '\n' || r == '\r' || r == '|' || r == ';'
	}) {
		p = strings.TrimSpace(p)
		var parts []string
		if strings.HasPrefix(p, "(1)") {
			parts = enumRe.Split(p, -1)
		} else {
			parts = []string{p}
		}
		for _, q := range parts {
			q = ingest.Clean(strings.TrimRight(strings.TrimSpace(q), ","))
			if q != "" {
				out = append(out, q)
			}
		}
	}
	return out
}

// normName is the key names are matched on: lower case, '.' and quotes
// dropped, other punctuation turned into spaces, white space collapsed.
func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			b.WriteRune(r)
		case strings.ContainsRune(".'\"`«»“”„‘’", r):
		default:
			b.WriteByte(' ')
		}
	}
	return ingest.Clean(b.String())
}

// regRe finds typed items in a business registration cell.
var regRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(SWIFT\s*/\s*BIC|SWIFT|BIC|INN|OGRNIP|OGRN|KPP|TIN)(?:\s*(?:number|no\.?|code))?\s*[:#.\-]?\s*([\p{L}\p{N}][\p{L}\p{N}\-]*)`)

var regPrefixRe = regexp.MustCompile(`(?i)^(?:(?:company|business|state|registration|reg\.?|number|no\.?|num\.?)\s*)+[:#.\-]?\s*`)

// regIdentifiers splits a "Business registration number (s)" cell into
// typed identifiers: INN → ru-inn, OGRN/OGRNIP → ru-ogrn, KPP → ru-kpp
// (country RU), SWIFT/BIC → swift, TIN → tax; an item without a known label
// is a "registration" number.
func regIdentifiers(cell string) []graph.Identifier {
	var out []graph.Identifier
	for _, item := range splitList(cell) {
		ms := regRe.FindAllStringSubmatch(item, -1)
		if len(ms) == 0 {
			v := strings.TrimSpace(regPrefixRe.ReplaceAllString(item, ""))
			if v == "" {
				v = item
			}
			out = append(out, graph.Identifier{Scheme: "registration", Value: v})
			continue
		}
		for _, m := range ms {
			label := strings.ToUpper(strings.Join(strings.Fields(m[1]), ""))
			id := graph.Identifier{Value: strings.Trim(m[2], "-")}
			switch label {
			case "INN":
				id.Scheme, id.Country = "ru-inn", "RU"
			case "OGRN", "OGRNIP":
				id.Scheme, id.Country = "ru-ogrn", "RU"
			case "KPP":
				id.Scheme, id.Country = "ru-kpp", "RU"
			case "TIN":
				id.Scheme = "tax"
			default:
				id.Scheme = "swift"
			}
			if id.Value != "" {
				out = append(out, id)
			}
		}
	}
	return out
}

var imoRe = regexp.MustCompile(`\d{7}`)

// rec is a designation converted into graph records, with the names of its
// counterparties still unresolved.
type rec struct {
	entity                            graph.Entity
	desig                             graph.Designation
	sameAs                            []graph.SameAs
	parents, subs, owners, prevOwners []string
}

// convert turns one designation into graph records; source is the
// provenance source ("uk" or "uk-ofsi").
func convert(file string, r *raw, source string) (*rec, *ingest.RowError) {
	bad := func(col, format string, args ...any) *ingest.RowError {
		return &ingest.RowError{File: file, Line: r.line, Column: col, Record: r.record,
			Reason: fmt.Sprintf("record %s: ", r.id) + fmt.Sprintf(format, args...)}
	}
	kind, ok := parseKind(r.kind)
	if !ok {
		if r.kind == "" {
			return nil, bad("Designation Type", "no designation type")
		}
		return nil, bad("Designation Type", "unknown designation type %q: want Individual, Entity or Ship", r.kind)
	}
	listed, err := parseDMY(r.listed)
	if err != nil {
		return nil, bad("Date Designated", "%v", err)
	}
	prov := graph.Provenance{Source: source, Record: r.id}
	e := graph.Entity{ID: "uk:" + r.id, Kind: kind, Provenance: prov}

	// Names: the first primary name is the name; other names are aliases,
	// weak when their strength says so; non-Latin names are aliases.
	seen := make(map[string]bool)
	primary := -1
	for i, n := range r.names {
		if strings.EqualFold(ingest.Clean(n.typ), "primary name") {
			primary = i
			break
		}
	}
	if primary < 0 && len(r.names) > 0 {
		primary = 0
	}
	if primary >= 0 {
		e.Name = r.names[primary].full()
		seen[strings.ToLower(e.Name)] = true
	}
	for i, n := range r.names {
		name := n.full()
		if i == primary || seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		s := strings.ToLower(n.strength)
		if strings.Contains(s, "weak") || strings.Contains(s, "low") {
			e.WeakAliases = append(e.WeakAliases, name)
		} else {
			e.Aliases = append(e.Aliases, name)
		}
	}
	for _, name := range r.fields[fNonLatin] {
		name = ingest.Clean(name)
		if e.Name == "" {
			e.Name = name
			seen[strings.ToLower(name)] = true
			continue
		}
		if !seen[strings.ToLower(name)] {
			seen[strings.ToLower(name)] = true
			e.Aliases = append(e.Aliases, name)
		}
	}
	if e.Name == "" {
		return nil, bad("Name 6", "no name")
	}

	// Facts, in listFields order.
	fact := func(typ, v string) { e.Facts = append(e.Facts, graph.Fact{Type: typ, Value: v}) }
	for _, f := range listFields {
		for _, v := range r.fields[f] {
			switch f {
			case fTitle:
				fact(graph.FactTitle, v)
			case fDOB:
				fact(graph.FactBirthDate, birthDate(v))
			case fBirthPlace:
				fact(graph.FactBirthPlace, v)
			case fNationality:
				fact(graph.FactNationality, v)
			case fGender:
				fact(graph.FactGender, v)
			case fPosition:
				fact(graph.FactPosition, v)
			case fPhone:
				fact(graph.FactPhone, v)
			case fWebsite:
				fact(graph.FactWebsite, v)
			case fEmail:
				for _, m := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ',' || unicode.IsSpace(r) }) {
					fact(graph.FactEmail, m)
				}
			case fDesigSource:
				fact("designation-source", v)
			case fSanctions:
				for _, m := range strings.Split(v, "|") {
					if m = ingest.Clean(m); m != "" {
						fact("sanctions-imposed", m)
					}
				}
			case fEntityType:
				fact("entity-type", v)
			case fShipType:
				fact(graph.FactVesselType, v)
			case fFlag:
				fact(graph.FactVesselFlag, v)
			case fPrevFlags:
				fact("previous-vessel-flag", v)
			case fTonnage:
				fact(graph.FactTonnage, v)
			case fLength:
				fact("vessel-length", v)
			case fYearBuilt:
				fact("build-year", v)
			case fOFSIGroupID:
				fact(graph.FactReference, "ofsi-group-id:"+v)
			case fOtherInfo:
				fact(graph.FactRemark, v)
			case fReasons:
				fact("statement-of-reasons", v)
			case fPassportInfo:
				fact("passport-details", v)
			case fNatIDInfo:
				fact("national-id-details", v)
			case fPassport:
				for _, p := range splitList(v) {
					e.Identifiers = append(e.Identifiers, graph.Identifier{Scheme: "passport", Value: p})
				}
			case fNatID:
				for _, p := range splitList(v) {
					e.Identifiers = append(e.Identifiers, graph.Identifier{Scheme: "national-id", Value: p})
				}
			case fBusinessReg:
				e.Identifiers = append(e.Identifiers, regIdentifiers(v)...)
			case fIMO:
				for _, p := range splitList(v) {
					if m := imoRe.FindString(p); m != "" {
						e.Identifiers = append(e.Identifiers, graph.Identifier{Scheme: "imo", Value: m})
					} else {
						return nil, bad("IMO number", "bad IMO number %q: want 7 digits", p)
					}
				}
			case fHIN:
				e.Identifiers = append(e.Identifiers, graph.Identifier{Scheme: "hin", Value: v})
			}
		}
	}
	// Addresses and countries (ISO codes; the published names are kept as
	// facts, ingest.AddCountry).
	for _, n := range r.fields[fNationality] {
		ingest.AddCountry(&e, n)
	}
	var addrRemarks []graph.Fact
	for _, a := range r.addrs {
		var street []string
		for _, l := range a.lines[:4] {
			if l = ingest.Clean(l); l != "" {
				street = append(street, l)
			}
		}
		addr := graph.Address{
			Street:  strings.Join(street, ", "),
			Region:  ingest.Clean(a.lines[4]),
			City:    ingest.Clean(a.lines[5]),
			Postal:  ingest.Clean(a.postal),
			Country: ingest.AddCountry(&e, a.country),
		}
		e.Addresses = append(e.Addresses, addr)
		if v := ingest.AddressRemark(addr, a.note); v != "" {
			addrRemarks = append(addrRemarks, graph.Fact{Type: ingest.FactAddressRemark, Value: v})
		}
	}

	e.Facts = append(e.Facts, addrRemarks...)
	e.Identifiers = dedupIDs(e.Identifiers)

	out := &rec{
		entity: e,
		desig: graph.Designation{Entity: e.ID, Regime: graph.RegimeUK, Program: ingest.Clean(r.regime),
			Listed: listed, Provenance: prov},
	}
	for _, ref := range r.fields[fUNRef] {
		for _, u := range splitList(ref) {
			out.sameAs = append(out.sameAs, graph.SameAs{A: e.ID, B: "un:" + u, Method: "un-reference", Score: 1,
				Strength: graph.StrengthStrong, Evidence: "UN reference " + u,
				Provenance: graph.Provenance{Source: source, Record: r.id}})
		}
	}
	// ConList: the FCDO reference embedded in Other Information.
	for _, info := range r.fields[fOtherInfo] {
		for _, m := range ukRefRe.FindAllStringSubmatch(info, -1) {
			if "uk:"+m[1] != e.ID {
				out.sameAs = append(out.sameAs, graph.SameAs{A: e.ID, B: "uk:" + m[1], Method: "uk-sanctions-list-ref",
					Strength: graph.StrengthStrong, Evidence: "UK Sanctions List reference " + m[1],
					Score: 1, Provenance: graph.Provenance{Source: source, Record: r.id}})
			}
		}
	}
	for _, v := range r.fields[fParent] {
		out.parents = append(out.parents, splitList(v)...)
	}
	for _, v := range r.fields[fSubsidiaries] {
		out.subs = append(out.subs, splitList(v)...)
	}
	for _, v := range r.fields[fOwner] {
		out.owners = append(out.owners, splitList(v)...)
	}
	for _, v := range r.fields[fPrevOwner] {
		out.prevOwners = append(out.prevOwners, splitList(v)...)
	}
	return out, nil
}

// ukRefRe finds "(UK Sanctions List Ref):SYR0306" in ConList Other
// Information [unverified].
var ukRefRe = regexp.MustCompile(`\(UK Sanctions List Ref\)\s*:\s*([A-Z]{2,4}\d{3,5})`)

func dedupIDs(ids []graph.Identifier) []graph.Identifier {
	var out []graph.Identifier
	seen := make(map[graph.Identifier]bool)
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// link builds the graph records of one file's designations, resolving
// counterparty names among them.
func link(recs []*rec, source string) *graph.Batch {
	index := make(map[string][]int)
	for i, r := range recs {
		names := append([]string{r.entity.Name}, r.entity.Aliases...)
		names = append(names, r.entity.WeakAliases...)
		for _, n := range names {
			k := normName(n)
			if k == "" {
				continue
			}
			if l := index[k]; len(l) == 0 || l[len(l)-1] != i {
				index[k] = append(l, i)
			}
		}
	}
	out := new(graph.Batch)
	for _, r := range recs {
		out.Entities = append(out.Entities, r.entity)
	}
	named := make(map[string]bool)
	// resolve returns the id for a counterparty name, creating a named
	// entity if no single record matches; "" if the name is empty.
	resolve := func(name, record string, create bool) (string, bool) {
		k := normName(name)
		if k == "" {
			return "", false
		}
		if l := index[k]; len(l) == 1 {
			return recs[l[0]].entity.ID, true
		}
		if !create {
			return "", false
		}
		id := "uk-name:" + k
		if !named[id] {
			named[id] = true
			out.Entities = append(out.Entities, graph.Entity{ID: id, Kind: graph.KindCompany, Name: name,
				Provenance: graph.Provenance{Source: source, Record: record}})
		}
		return id, true
	}
	for _, r := range recs {
		out.Designations = append(out.Designations, r.desig)
	}
	held := make(map[[2]string]bool)
	hold := func(owner, owned, record string) {
		if owner == owned || held[[2]string{owner, owned}] {
			return
		}
		held[[2]string{owner, owned}] = true
		out.Holdings = append(out.Holdings, graph.Holding{Owner: owner, Owned: owned,
			Share: graph.Unknown(), Votes: graph.Unknown(),
			Provenance: graph.Provenance{Source: source, Record: record}})
	}
	for _, r := range recs {
		id, uid := r.entity.ID, r.entity.Record
		for _, n := range r.parents {
			if p, ok := resolve(n, uid+":parent", true); ok {
				hold(p, id, uid+":parent")
			}
		}
		for _, n := range r.subs {
			if s, ok := resolve(n, uid+":subsidiary", true); ok {
				hold(id, s, uid+":subsidiary")
			}
		}
		for _, n := range r.owners {
			if o, ok := resolve(n, uid+":owner", true); ok {
				hold(o, id, uid+":owner")
			}
		}
	}
	for _, r := range recs {
		out.SameAs = append(out.SameAs, r.sameAs...)
	}
	for _, r := range recs {
		for _, n := range r.prevOwners {
			if normName(n) == "" {
				continue
			}
			to, _ := resolve(n, "", false)
			if to == r.entity.ID {
				continue
			}
			out.Links = append(out.Links, graph.Link{From: r.entity.ID, To: to, ToName: n, Type: graph.LinkOther,
				Provenance: graph.Provenance{Source: source, Record: r.entity.Record + ":previous-owner"}})
		}
	}
	return out
}
