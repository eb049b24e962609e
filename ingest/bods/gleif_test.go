package bods_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/gleif"
)

// edgeLines writes the holdings, controls and links of b, one a line,
// sorted, with each entity ID through rename.
func edgeLines(b *graph.Batch, rename func(string) string) []string {
	var out []string
	for _, h := range b.Holdings {
		out = append(out, fmt.Sprintf("holding %s -> %s share %s votes %s from %q to %q", rename(h.Owner), rename(h.Owned), h.Share, h.Votes, h.Start, h.End))
	}
	for _, c := range b.Controls {
		out = append(out, fmt.Sprintf("control %s -> %s %s from %q to %q", rename(c.Controller), rename(c.Controlled), c.Basis, c.Start, c.End))
	}
	for _, l := range b.Links {
		out = append(out, fmt.Sprintf("link %s -> %s %s from %q to %q", rename(l.From), rename(l.To), l.Type, l.Start, l.End))
	}
	sort.Strings(out)
	return out
}

func parseGLEIF(t *testing.T, files ...string) *graph.Batch {
	t.Helper()
	all := new(graph.Batch)
	emit := func(b *graph.Batch) error {
		all.Holdings = append(all.Holdings, b.Holdings...)
		all.Controls = append(all.Controls, b.Controls...)
		all.Links = append(all.Links, b.Links...)
		return nil
	}
	if err := gleif.New().Parse(context.Background(), files, ingest.ParseOptions{}, emit); err != nil {
		t.Fatal(err)
	}
	return all
}

var annotationRE = regexp.MustCompile(`^Describes GLEIF relationship: (\w+) is subject, (\w+) is interested party$`)

// TestGLEIFPaths: a GLEIF relationship gives the same relations through
// `ingest gleif` and through the BODS that Open Ownership's pipeline made
// from it (`ingest bods`), on the real fixture of both (4 fund
// management, 4 direct and 3 ultimate consolidations) and on the three
// fund relationship types. The one difference: the pipeline drops
// GLEIF's consolidation percentage, so the holding it gives is GLEIF's
// only.
func TestGLEIFPaths(t *testing.T) {
	const bodsFile = "testdata/gleif/rr-updates-data2-out.json"
	g := parseGLEIF(t, "../../testdata/gleif/rr-updates-data2.xml")
	b := mustParse(t, bodsFile)
	// The BODS entity IDs stand for LEIs, which the annotation names.
	raw, err := os.ReadFile(bodsFile)
	if err != nil {
		t.Fatal(err)
	}
	var sts []struct {
		Subject, InterestedParty struct{ DescribedByEntityStatement string }
		Annotations              []struct{ Description string }
	}
	if err := json.Unmarshal(raw, &sts); err != nil {
		t.Fatal(err)
	}
	lei := map[string]string{}
	for _, s := range sts {
		m := annotationRE.FindStringSubmatch(s.Annotations[0].Description)
		if m == nil {
			t.Fatalf("annotation %q", s.Annotations[0].Description)
		}
		lei["bods:"+s.Subject.DescribedByEntityStatement] = "lei:" + m[1]
		lei["bods:"+s.InterestedParty.DescribedByEntityStatement] = "lei:" + m[2]
	}
	rename := func(id string) string {
		if l, ok := lei[id]; ok {
			return l
		}
		return id
	}
	fromBODS := edgeLines(&b.Batch, rename)
	var quantified graph.Batch
	for _, h := range g.Holdings {
		if !h.Share.IsUnknown() {
			quantified.Holdings = append(quantified.Holdings, h)
		}
	}
	want := strings.Join(edgeLines(g, func(s string) string { return s }), "\n")
	got := strings.Join(append(fromBODS, edgeLines(&quantified, func(s string) string { return s })...), "\n")
	gotLines := strings.Split(got, "\n")
	sort.Strings(gotLines)
	if got = strings.Join(gotLines, "\n"); got != want || len(quantified.Holdings) != 2 || len(fromBODS) != 4+4+4+3 {
		t.Errorf("BODS made from GLEIF (plus the 2 quantified holdings):\n%s\nGLEIF:\n%s", got, want)
	}

	// The fund types, each as a GLEIF record and as the BODS statement
	// the pipeline makes of it (transform_rr).
	const fund, manager = "AAAAAAAAAAAAAAAAAA01", "BBBBBBBBBBBBBBBBBB02"
	for _, c := range []struct{ typ, want string }{
		{"IS_FUND-MANAGED_BY", "control lei:BBBBBBBBBBBBBBBBBB02 -> lei:AAAAAAAAAAAAAAAAAA01 de-facto from \"2015-01-01\" to \"\"\n" +
			"link lei:AAAAAAAAAAAAAAAAAA01 -> lei:BBBBBBBBBBBBBBBBBB02 fund-managed-by from \"2015-01-01\" to \"\""},
		{"IS_SUBFUND_OF", "control lei:BBBBBBBBBBBBBBBBBB02 -> lei:AAAAAAAAAAAAAAAAAA01 dominant-influence from \"2015-01-01\" to \"\""},
		{"IS_FEEDER_TO", "holding lei:AAAAAAAAAAAAAAAAAA01 -> lei:BBBBBBBBBBBBBBBBBB02 share unknown votes unknown from \"2015-01-01\" to \"\""},
	} {
		xml := `<rr:RelationshipData xmlns:rr="http://www.gleif.org/data/schema/rr/2016"><rr:RelationshipRecords><rr:RelationshipRecord><rr:Relationship>
<rr:StartNode><rr:NodeID>` + fund + `</rr:NodeID><rr:NodeIDType>LEI</rr:NodeIDType></rr:StartNode>
<rr:EndNode><rr:NodeID>` + manager + `</rr:NodeID><rr:NodeIDType>LEI</rr:NodeIDType></rr:EndNode>
<rr:RelationshipType>` + c.typ + `</rr:RelationshipType><rr:RelationshipPeriods><rr:RelationshipPeriod><rr:StartDate>2015-01-01T00:00:00Z</rr:StartDate>
<rr:PeriodType>RELATIONSHIP_PERIOD</rr:PeriodType></rr:RelationshipPeriod></rr:RelationshipPeriods><rr:RelationshipStatus>ACTIVE</rr:RelationshipStatus></rr:Relationship>
<rr:Registration><rr:RegistrationStatus>PUBLISHED</rr:RegistrationStatus></rr:Registration></rr:RelationshipRecord></rr:RelationshipRecords></rr:RelationshipData>`
		st := `[{"statementID":"s1","statementType":"ownershipOrControlStatement","statementDate":"2023-01-01",` +
			`"subject":{"describedByEntityStatement":"` + fund + `"},"interestedParty":{"describedByEntityStatement":"` + manager + `"},` +
			`"interests":[{"type":"other-influence-or-control","interestLevel":"unknown","beneficialOwnershipOrControl":false,` +
			`"startDate":"2015-01-01T00:00:00Z","details":"LEI RelationshipType: ` + c.typ + `"}]}]`
		r, err := parseData(t, st, ingest.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		fromBODS := strings.Join(edgeLines(&r.Batch, func(id string) string { return "lei:" + strings.TrimPrefix(id, "bods:") }), "\n")
		file := filepath.Join(t.TempDir(), "rr.xml")
		if err := os.WriteFile(file, []byte(xml), 0o644); err != nil {
			t.Fatal(err)
		}
		fromGLEIF := strings.Join(edgeLines(parseGLEIF(t, file), func(s string) string { return s }), "\n")
		if fromBODS != c.want || fromGLEIF != c.want {
			t.Errorf("%s:\nBODS:  %s\nGLEIF: %s\nwant:  %s", c.typ, fromBODS, fromGLEIF, c.want)
		}
	}
}

// TestGLEIFDetailsOnly: the GLEIF reading needs the details marker on a
// direct interest without a share; an indirect one stays a link, and a
// shareholding with the marker is read as a shareholding.
func TestGLEIFDetailsOnly(t *testing.T) {
	st := func(interest string) string {
		return `[{"statementID":"s1","statementType":"ownershipOrControlStatement","subject":{"describedByEntityStatement":"f"},` +
			`"interestedParty":{"describedByEntityStatement":"m"},"interests":[` + interest + `]}]`
	}
	r, err := parseData(t, st(`{"type":"other-influence-or-control","interestLevel":"indirect","details":"LEI RelationshipType: IS_FUND-MANAGED_BY"}`), ingest.ParseOptions{})
	if err != nil || len(r.Controls) != 0 || len(r.Links) != 1 || r.Links[0].Type != graph.LinkOther {
		t.Errorf("indirect: %v %+v", err, r.Batch)
	}
	r, err = parseData(t, st(`{"type":"shareholding","share":{"exact":40},"details":"LEI RelationshipType: IS_FUND-MANAGED_BY"}`), ingest.ParseOptions{})
	if err != nil || len(r.Controls) != 0 || len(r.Holdings) != 1 || r.Holdings[0].Share != graph.Exact(40*graph.PctScale) || r.Holdings[0].Owner != "bods:m" {
		t.Errorf("shareholding: %v %+v", err, r.Batch)
	}
	r, err = parseData(t, st(`{"type":"other-influence-or-control","details":"LEI RelationshipType: IS_FRIEND_OF"}`), ingest.ParseOptions{})
	if err != nil || len(r.Controls) != 1 || r.Controls[0].Basis != graph.BasisDeFacto || len(r.Links) != 0 {
		t.Errorf("unknown type: %v %+v", err, r.Batch)
	}
}
