package ofacxml_test

import (
	"os"
	"strings"
	"testing"

	"github.com/ownex/ownex/ingest"
)

func lineOf(t *testing.T, s, sub string) int {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("no %q", sub)
	}
	return strings.Count(s[:i], "\n") + 1
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestMalformed(t *testing.T) {
	sdn := fixture(t, sdnFixture)
	adv := fixture(t, advFixture)
	cut := func(s, at string) string { return s[:strings.Index(s, at)+len(at)] }
	moveRelations := func() string {
		i, j := strings.Index(adv, "  <ProfileRelationships>"), strings.Index(adv, "  <SanctionsEntries>")
		rel := adv[i:j]
		s := adv[:i] + adv[j:]
		k := strings.Index(s, "  <DistinctParties>")
		return s[:k] + rel + s[k:]
	}
	tests := []struct {
		name, file, data string
		fatal            bool   // fails in lenient mode too
		line             string // the record's start tag, to compute the line
		reason           []string
		// lenient outcome of a record error
		skips, entities, holdings, designations int
	}{
		{name: "truncated legacy", file: "SDN.XML", data: cut(sdn, "<lastName>OCEAN"), fatal: true,
			line: "<uid>3003</uid>", reason: []string{"sdnEntry starting at line", "malformed XML", "unexpected end of file"}},
		{name: "truncated advanced", file: "SDN_ADVANCED.XML", data: cut(adv, `<DistinctParty FixedRef="4004">`), fatal: true,
			line: `<DistinctParty FixedRef="4004">`, reason: []string{"DistinctParty starting at line", "malformed XML"}},
		{name: "mismatched tag", file: "SDN_ADVANCED.XML", fatal: true,
			data: strings.Replace(adv, `</ProfileRelationship>`, `</Profile>`, 1),
			line: `<ProfileRelationship ID="10003"`, reason: []string{"ProfileRelationship starting at line", "malformed XML"}},
		{name: "bad Publish_Date", file: "SDN.XML", fatal: true,
			data: strings.Replace(sdn, "03/15/2024", "13/45/2024", 1),
			line: "<publshInformation>", reason: []string{"publshInformation", "Publish_Date", `bad date "13/45/2024"`}},
		{name: "bad DateOfIssue", file: "SDN_ADVANCED.XML", fatal: true,
			data: strings.Replace(adv, "<Month>3</Month>", "<Month>14</Month>", 1),
			line: "<DateOfIssue>", reason: []string{"DateOfIssue", "bad date"}},
		{name: "unknown root", file: "x.xml", fatal: true, data: "<?xml version=\"1.0\"?>\n<export><a/></export>",
			reason: []string{"root element <export>"}},
		{name: "empty file", file: "x.xml", fatal: true, data: "", reason: []string{"no XML root element"}},
		{name: "sections out of order", file: "SDN_ADVANCED.XML", fatal: true, data: moveRelations(),
			line: "<ProfileRelationships>", reason: []string{"out of the documented order", "ProfileRelationships before DistinctParties"}},

		{name: "entry without uid", file: "SDN.XML",
			data: strings.Replace(sdn, "<uid>2002</uid>\n    <lastName>ALPHA", "<lastName>ALPHA", 1),
			line: "<sdnEntry>\n    <lastName>ALPHA", reason: []string{"sdnEntry", "no uid"},
			skips: 1, entities: 3, designations: 4},
		{name: "party without FixedRef", file: "SDN_ADVANCED.XML",
			data: strings.Replace(adv, `<DistinctParty FixedRef="3003">`, `<DistinctParty>`, 1),
			line: `<DistinctParty>`, reason: []string{"DistinctParty starting at line", "no FixedRef"},
			// the party, its three relations and its sanctions entry
			skips: 5, entities: 3, holdings: 2, designations: 4},
		{name: "relation to unknown profile", file: "SDN_ADVANCED.XML",
			data: strings.Replace(adv, `From-ProfileID="2002" To-ProfileID="36"`, `From-ProfileID="2002" To-ProfileID="999"`, 1),
			line: `<ProfileRelationship ID="10001"`, reason: []string{"ProfileRelationship ID=10001", `To-ProfileID "999" is no profile`},
			skips: 1, entities: 4, holdings: 3, designations: 5},
		{name: "unknown relation type", file: "SDN_ADVANCED.XML",
			data: strings.Replace(adv, `To-ProfileID="4004" RelationTypeID="92019"`, `To-ProfileID="4004" RelationTypeID="1"`, 1),
			line: `<ProfileRelationship ID="10002"`, reason: []string{"ProfileRelationship ID=10002", `unknown RelationTypeID "1"`},
			skips: 1, entities: 4, holdings: 3, designations: 5},
		{name: "bad entry date", file: "SDN_ADVANCED.XML",
			data: strings.Replace(adv, "<Year>2023</Year><Month>1</Month>", "<Year>2023</Year><Month>13</Month>", 1),
			line: `<SanctionsEntry ID="20002"`, reason: []string{"SanctionsEntry ID=20002", "bad date"},
			skips: 1, entities: 4, holdings: 4, designations: 4},
		{name: "bad birth date", file: "SDN_ADVANCED.XML",
			data: strings.Replace(adv, "<Year>1962</Year><Month>10</Month><Day>12</Day></From>", "<Year>1962</Year><Month>10</Month><Day>32</Day></From>", 1),
			line: `<DistinctParty FixedRef="36">`, reason: []string{"DistinctParty FixedRef=36", "Birthdate", "bad date"},
			// the party, its four relations and its sanctions entry
			skips: 6, entities: 3, holdings: 2, designations: 3},
		{name: "bad Former", file: "SDN_ADVANCED.XML",
			data: strings.Replace(adv, `Former="true"`, `Former="yes"`, 1),
			line: `<ProfileRelationship ID="10004"`, reason: []string{"ProfileRelationship ID=10004", "bad Former"},
			skips: 1, entities: 4, holdings: 3, designations: 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseData(tc.file, []byte(tc.data), ingest.ParseOptions{BatchSize: 2})
			re, ok := ingest.AsRowError(err)
			if !ok {
				t.Fatalf("strict: err = %v, want a *RowError", err)
			}
			if re.File != tc.file {
				t.Errorf("strict: file = %q, want %q", re.File, tc.file)
			}
			if tc.line != "" {
				if want := lineOf(t, tc.data, tc.line); re.Line != want && !(tc.fatal && re.Line > want) {
					t.Errorf("strict: line = %d, want %d (%v)", re.Line, want, err)
				}
			}
			for _, r := range tc.reason {
				if !strings.Contains(err.Error(), r) {
					t.Errorf("strict: error %q lacks %q", err, r)
				}
			}
			var skipped []*ingest.RowError
			b, err := parseData(tc.file, []byte(tc.data), ingest.ParseOptions{Lenient: true, BatchSize: 2,
				Skip: func(e *ingest.RowError) { skipped = append(skipped, e) }})
			if tc.fatal {
				if !ingest.IsRowError(err) {
					t.Errorf("lenient: err = %v, want the same fatal *RowError", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if len(skipped) != tc.skips || len(b.Entities) != tc.entities || len(b.Holdings) != tc.holdings ||
				len(b.Designations) != tc.designations {
				t.Errorf("lenient: %d skips, %d entities, %d holdings, %d designations; want %d, %d, %d, %d",
					len(skipped), len(b.Entities), len(b.Holdings), len(b.Designations),
					tc.skips, tc.entities, tc.holdings, tc.designations)
			}
			if len(skipped) > 0 && skipped[0].Error() != re.Error() {
				t.Errorf("lenient first skip %q != strict error %q", skipped[0], re)
			}
		})
	}
}
