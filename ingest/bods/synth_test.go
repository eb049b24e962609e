package bods_test

import (
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

const legacyDoc = `[
{"statementID":"e1","statementType":"entityStatement","statementDate":"2020-01-01","entityType":"registeredEntity","name":"Co","identifiers":[{"scheme":"GB-COH","id":"123"},{"scheme":"XI-LEI","id":"abc"}],"publicationDetails":{"bodsVersion":"0.2"}},
{"statementID":"p1","statementType":"personStatement","personType":"knownPerson","names":[{"fullName":"Ann"}]},
{"statementID":"p2","statementType":"personStatement","personType":"anonymousPerson","missingInfoReason":"protected"},
{"statementID":"o1","statementType":"ownershipOrControlStatement","subject":{"describedByEntityStatement":"e1"},"interestedParty":{"describedByPersonStatement":"p1"},
 "interests":[{"type":"shareholding","interestLevel":"direct","share":{"minimum":25,"maximum":50,"exclusiveMinimum":true}}]},
{"statementID":"o2","statementType":"ownershipOrControlStatement","subject":{"describedByEntityStatement":"e1"},"interestedParty":{"describedByPersonStatement":"p2"},
 "interests":[{"type":"voting-rights","share":{"minimum":50,"maximum":75,"exclusiveMaximum":true}},{"type":"appointment-of-board"}]},
{"statementID":"e2","statementType":"entityStatement","entityType":"registeredEntity","name":"Co renamed","replacesStatements":["e1"]},
{"statementID":"o3","statementType":"ownershipOrControlStatement","subject":{"describedByEntityStatement":"e2"},"interestedParty":{"describedByPersonStatement":"p1"},
 "interests":[{"type":"shareholding","share":{"exact":30}},{"type":"shareholding","share":{"exact":10}}],"replacesStatements":["o1"]}
]`

func TestLegacyExclusivityAndReplacement(t *testing.T) {
	r, err := parseData(t, legacyDoc, ingest.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	co := r.entity(t, "bods:e1")
	if co.Name != "Co renamed" || co.Record != "e2" {
		t.Errorf("replacing entity keeps the ID: %+v", co)
	}
	r0, _ := parseData(t, legacyDoc[:strings.Index(legacyDoc, `{"statementID":"e2"`)]+"{}]", ingest.ParseOptions{Lenient: true})
	first := r0.entity(t, "bods:e1")
	if len(first.Identifiers) != 2 || first.Identifiers[0].Value != "00000123" || first.Identifiers[1] != (graph.Identifier{Scheme: "lei", Value: "ABC"}) {
		t.Errorf("identifiers %+v", first.Identifiers)
	}
	// o1 (25, 50] is replaced by o3: 30 + 10 = 40.
	if len(r0.Holdings) < 1 || r0.holding(t, "bods:p1", "bods:e1").Share != iv(25, true, 50, false) {
		t.Errorf("boolean exclusiveMinimum: %+v", r0.Holdings)
	}
	var p1 []graph.Holding
	for _, h := range r.Holdings {
		if h.Owner == "bods:p1" {
			p1 = append(p1, h)
		}
	}
	if len(p1) != 1 || p1[0].Share != graph.Exact(40*graph.PctScale) || p1[0].Record != "o3" || p1[0].Owned != "bods:e1" {
		t.Errorf("replaced holding: %+v", p1)
	}
	// Voting rights only: share unknown; [50, 75) votes; board control.
	h := r.holding(t, "bods:p2", "bods:e1")
	if !h.Share.IsUnknown() || h.Votes != iv(50, false, 75, true) {
		t.Errorf("votes-only holding %+v", h)
	}
	if len(r.Controls) != 1 || r.Controls[0].Basis != graph.BasisBoardAppointment {
		t.Errorf("controls %+v", r.Controls)
	}
	anon := r.entity(t, "bods:p2")
	if anon.Kind != graph.KindUnknown || anon.Name != "anonymous person (protected)" {
		t.Errorf("anonymous %+v", anon)
	}
}

func st04(id, rec, typ, status, date, details string) string {
	s := `{"statementId":"` + id + strings.Repeat("0", 32-len(id)) + `","recordId":"` + rec + `","recordType":"` + typ +
		`","declarationSubject":"c","statementDate":"` + date + `",`
	if status != "" {
		s += `"recordStatus":"` + status + `",`
	}
	return s + `"recordDetails":` + details + `}`
}

const (
	entC   = `{"isComponent":false,"entityType":{"type":"registeredEntity"},"name":"C"}`
	perP   = `{"isComponent":false,"personType":"knownPerson","names":[{"fullName":"P"}]}`
	rel60  = `{"isComponent":false,"subject":"c","interestedParty":"p","interests":[{"type":"shareholding","directOrIndirect":"direct","startDate":"2019-01-01","share":{"exact":60}}]}`
	rel40  = `{"isComponent":false,"subject":"c","interestedParty":"p","interests":[{"type":"shareholding","startDate":"2019-01-01","share":{"exclusiveMinimum":25,"maximum":50}},{"type":"boardMember"}]}`
	relEnd = `{"isComponent":false,"subject":"c","interestedParty":"p"}`
)

func TestRecordStatus04(t *testing.T) {
	lines := strings.Join([]string{
		st04("s1", "c", "entity", "new", "2019-01-01", entC),
		st04("s2", "p", "person", "new", "2019-01-01", perP),
		st04("s3", "r", "relationship", "new", "2019-01-01", rel60),
		st04("s4", "r", "relationship", "updated", "2020-06-01", rel40),
		st04("s5", "r", "relationship", "updated", "2019-06-01", rel60), // older: ignored
	}, "\n") + "\n"
	r, err := parseData(t, lines, ingest.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Holdings) != 1 || r.Holdings[0].Share != iv(25, true, 50, false) || r.Holdings[0].Record != "s4"+strings.Repeat("0", 30) {
		t.Errorf("updated: %+v", r.Holdings)
	}
	if len(r.Controls) != 1 || r.Controls[0].Basis != graph.BasisDirector {
		t.Errorf("controls %+v", r.Controls)
	}
	closed := lines + st04("s6", "r", "relationship", "closed", "2021-03-04T10:00:00Z", relEnd) + "\n"
	r, err = parseData(t, closed, ingest.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Holdings) != 1 || r.Holdings[0].End != "2021-03-04" || r.Holdings[0].Start != "2019-01-01" ||
		len(r.Controls) != 1 || r.Controls[0].End != "2021-03-04" {
		t.Errorf("closed: %+v %+v", r.Holdings, r.Controls)
	}
	// An older entity statement after a newer one is ignored.
	ents := st04("a1", "c", "entity", "new", "2020-01-01", entC) + "\n" +
		st04("a2", "c", "entity", "updated", "2019-01-01", strings.Replace(entC, `"C"`, `"Old"`, 1)) + "\n"
	r, err = parseData(t, ents, ingest.ParseOptions{})
	if err != nil || len(r.Entities) != 1 || r.Entities[0].Name != "C" {
		t.Errorf("entity guard: %v %+v", err, r.Entities)
	}
}

func TestUnknownParties04(t *testing.T) {
	doc := "[" + strings.Join([]string{
		st04("u1", "x", "person", "", "2020-01-01", `{"isComponent":false,"personType":"unknownPerson","unspecifiedPersonDetails":{"reason":"unknown","description":"not known"}}`),
		st04("u2", "y", "entity", "", "2020-01-01", `{"isComponent":false,"entityType":{"type":"anonymousEntity"},"unspecifiedEntityDetails":{"reason":"subjectExemptFromDisclosure"}}`),
		st04("u3", "r", "relationship", "", "2020-01-01", `{"isComponent":false,"subject":"y","interestedParty":{"reason":"interestedPartyExemptFromDisclosure","description":"listed"},"interests":[{"type":"votingRights","share":{"minimum":10}}]}`),
	}, ",") + "]"
	r, err := parseData(t, doc, ingest.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if e := r.entity(t, "bods:x"); e.Kind != graph.KindUnknown || e.Name != "unknown person (unknown: not known)" {
		t.Errorf("%+v", e)
	}
	if e := r.entity(t, "bods:y"); e.Kind != graph.KindUnknown || e.Name != "anonymous entity (subjectExemptFromDisclosure)" {
		t.Errorf("%+v", e)
	}
	id := "bods:unspecified:u3" + strings.Repeat("0", 30) + ":interestedParty"
	if e := r.entity(t, id); e.Kind != graph.KindUnknown || e.Name != "unspecified interested party (interestedPartyExemptFromDisclosure: listed)" {
		t.Errorf("%+v", e)
	}
	if h := r.holding(t, id, "bods:y"); !h.Share.IsUnknown() || h.Votes != iv(10, false, 100, false) {
		t.Errorf("%+v", h)
	}
}

func TestStrictLenient(t *testing.T) {
	doc := "[\n" + strings.Join([]string{
		st04("s1", "c", "entity", "new", "2019-01-01", entC),
		st04("s2", "p", "person", "new", "2019-01-01", `{"isComponent":false,"personType":"alien"}`),
		st04("s3", "r", "relationship", "new", "2019-01-01", strings.Replace(rel60, `"exact":60`, `"minimum":60,"exclusiveMaximum":60`, 1)),
		st04("s4", "p", "person", "new", "2019-01-01", perP),
	}, ",\n") + "\n]"
	_, err := parseData(t, doc, ingest.ParseOptions{})
	re, ok := ingest.AsRowError(err)
	if !ok || re.Line != 3 || re.Column != "$[1].recordDetails.personType" || !strings.HasPrefix(re.Reason, "enum: ") || re.File != "test.json" {
		t.Fatalf("strict: %#v", err)
	}
	var skipped []*ingest.RowError
	r, err := parseData(t, doc, ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) { skipped = append(skipped, e) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 2 || skipped[1].Line != 4 || !strings.HasPrefix(skipped[1].Reason, "share: ") || len(r.Entities) != 2 || len(r.Holdings) != 0 {
		t.Errorf("lenient: %+v %+v", skipped, r.counts)
	}
	// Malformed JSON stops the parse even in lenient mode.
	_, err = parseData(t, doc[:len(doc)-10], ingest.ParseOptions{Lenient: true})
	if !ingest.IsRowError(err) {
		t.Errorf("truncated: %v", err)
	}
	_, err = parseData(t, "  \n", ingest.ParseOptions{})
	if !ingest.IsRowError(err) {
		t.Errorf("empty: %v", err)
	}
	_, err = parseData(t, "[] x", ingest.ParseOptions{})
	if !ingest.IsRowError(err) {
		t.Errorf("trailing: %v", err)
	}
}

func TestBatchesAndBOM(t *testing.T) {
	var sts []string
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		sts = append(sts, st04("s"+id, id, "entity", "", "2020-01-01", entC))
	}
	data := "\ufeff" + strings.Join(sts, "\n")
	var sizes []int
	_, err := parseData(t, data, ingest.ParseOptions{BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	err = bodsParseSizes(data, &sizes)
	if err != nil || len(sizes) != 3 || sizes[0] != 2 || sizes[2] != 1 {
		t.Errorf("batches %v %v", sizes, err)
	}
}

// TestLegacyTypes: a 0.2/0.3 property of the wrong JSON type is a "type"
// error at its path (before the typed decoding, name, nationalities and
// country codes of another type were ignored); an empty share object is no
// share.
func TestLegacyTypes(t *testing.T) {
	const ent = `{"statementID":"e","statementType":"entityStatement","entityType":"registeredEntity",`
	const own = `{"statementID":"o","statementType":"ownershipOrControlStatement","subject":{"describedByEntityStatement":"e"},"interestedParty":{"describedByPersonStatement":"p"},`
	for _, c := range []struct{ doc, column string }{
		{ent + `"name":5}`, "$[0].name"},
		{`{"statementID":"p","statementType":"personStatement","nationalities":["GB",5]}`, "$[0].nationalities[1]"},
		{ent + `"name":"E","addresses":[{"address":"x","country":{"code":7}}]}`, "$[0].addresses[0].country.code"},
		{ent + `"entityType":null}`, "$[0].entityType"},
		{own + `"interests":[{"share":{"exclusiveMinimum":"x"}}]}`, "$[0].interests[0].share.exclusiveMinimum"},
		{own + `"interests":[{"share":null}]}`, "$[0].interests[0].share"},
		{own + `"interests":[{"startDate":null}]}`, "$[0].interests[0].startDate"},
		{`{"statementID":7,"statementType":"personStatement"}`, "$[0].statementID"},
	} {
		_, err := parseData(t, "["+c.doc+"]", ingest.ParseOptions{})
		re, ok := ingest.AsRowError(err)
		if !ok || re.Column != c.column || !strings.HasPrefix(re.Reason, "type: ") {
			t.Errorf("%s: got %v, want a type error at %s", c.doc, err, c.column)
		}
	}
	r, err := parseData(t, "["+own+`"interests":[{"share":{}}]}]`, ingest.ParseOptions{})
	if err != nil || len(r.Holdings) != 0 || len(r.Controls) != 1 || r.Controls[0].Basis != graph.BasisOther {
		t.Errorf("empty share: %v %+v", err, r.counts)
	}
	r, err = parseData(t, "["+own+`"interests":[{"share":{"minimum":0}}]}]`, ingest.ParseOptions{})
	if err != nil || len(r.Holdings) != 1 || !r.Holdings[0].Share.IsUnknown() {
		t.Errorf("share minimum 0: %v %+v", err, r.Holdings)
	}
}

// TestRefs: every holding and control carries its relationship's id as
// Ref (0.4 recordId, 0.2/0.3 the statement, or the one it replaces), with
// "@start" for an edge with a start date; updates and closing statements
// keep the refs, and the edges of one statement never share a store key.
func TestRefs(t *testing.T) {
	lines := strings.Join([]string{
		st04("s1", "c", "entity", "new", "2019-01-01", entC),
		st04("s2", "p", "person", "new", "2019-01-01", perP),
		st04("s3", "r", "relationship", "new", "2019-01-01", rel60),
		st04("s4", "q", "relationship", "new", "2019-01-01", `{"isComponent":false,"subject":"c","interestedParty":"p","interests":[`+
			`{"type":"shareholding","startDate":"2019-01-01","endDate":"2019-06-01","share":{"exact":10}},`+
			`{"type":"shareholding","startDate":"2019-01-01","share":{"exact":20}},`+
			`{"type":"shareholding","startDate":"2020-01-01","share":{"exact":30}},`+
			`{"type":"boardMember","startDate":"2019-01-01"},{"type":"boardMember","startDate":"2020-01-01"},`+
			`{"type":"appointmentOfBoard","startDate":"2019-01-01"},{"type":"boardMember"}]}`),
		st04("s5", "r", "relationship", "closed", "2021-03-04", relEnd),
	}, "\n") + "\n"
	r, err := parseData(t, lines, ingest.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var hrefs, crefs []string
	for _, h := range r.Holdings {
		hrefs = append(hrefs, h.Ref)
	}
	for _, c := range r.Controls {
		crefs = append(crefs, string(c.Basis)+" "+c.Ref)
	}
	if got, want := strings.Join(hrefs, " "), "r@2019-01-01 q@2019-01-01 q@2019-01-01#2 q@2020-01-01"; got != want {
		t.Errorf("holding refs %q, want %q", got, want)
	}
	if got, want := strings.Join(crefs, ", "), "director q@2019-01-01, director q@2020-01-01, board-appointment q@2019-01-01, director q"; got != want {
		t.Errorf("control refs %q, want %q", got, want)
	}
	if r.Holdings[0].End != "2021-03-04" {
		t.Errorf("the closing statement keeps the ref: %+v", r.Holdings[0])
	}
	keys := map[string]bool{}
	for _, h := range r.Holdings {
		if keys[h.Key()] {
			t.Errorf("holding key %s twice", h.Key())
		}
		keys[h.Key()] = true
	}
	for _, c := range r.Controls {
		if keys[c.Key()] {
			t.Errorf("control key %s twice", c.Key())
		}
		keys[c.Key()] = true
	}

	// 0.2: o3 replaces o1 and keeps its ref; o2 has its own.
	r, err = parseData(t, legacyDoc, ingest.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if h := r.holding(t, "bods:p1", "bods:e1"); h.Ref != "o1" || h.Record != "o3" {
		t.Errorf("replacing holding %+v", h)
	}
	if h := r.holding(t, "bods:p2", "bods:e1"); h.Ref != "o2" || len(r.Controls) != 1 || r.Controls[0].Ref != "o2" {
		t.Errorf("o2 %+v %+v", h, r.Controls)
	}
}

// TestOtherRecordProperties04: the 0.4 schema allows properties it does
// not name, so an entity record carrying a property that a relationship
// record would hold (of another type) is valid and loaded.
func TestOtherRecordProperties04(t *testing.T) {
	doc := st04("s1", "c", "entity", "", "2020-01-01", `{"isComponent":false,"entityType":{"type":"registeredEntity"},"name":"C","interests":5,"subject":7,"names":"x"}`)
	r, err := parseData(t, doc, ingest.ParseOptions{})
	if err != nil || len(r.Entities) != 1 || r.Entities[0].Name != "C" {
		t.Errorf("%v %+v", err, r.Entities)
	}
}
