package ofacxml_test

import (
	"os"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/ofacxml"
)

// fuzzParse parses data in strict and lenient mode: it must never panic,
// every error must be a *RowError naming the file, and every emitted
// record must be valid.
func fuzzParse(t *testing.T, name string, data []byte) {
	for _, lenient := range []bool{false, true} {
		opt := ingest.ParseOptions{Lenient: lenient, BatchSize: 3, Skip: func(e *ingest.RowError) {
			if e == nil || e.File != name || e.Reason == "" {
				t.Fatalf("bad skip %+v", e)
			}
		}}
		err := ofacxml.ParseBytes(name, data, opt, func(b *graph.Batch) error {
			for _, e := range b.Entities {
				if !strings.HasPrefix(e.ID, "ofac:") || len(e.ID) == len("ofac:") || e.Name == "" || e.Source == "" {
					t.Fatalf("invalid entity emitted: %+v", e)
				}
				if _, ok := graph.ParseKind(string(e.Kind)); !ok {
					t.Fatalf("invalid kind: %+v", e)
				}
				for _, id := range e.Identifiers {
					if id.Scheme == "" || id.Value == "" {
						t.Fatalf("invalid identifier %+v", id)
					}
				}
			}
			for _, d := range b.Designations {
				if d.Entity == "" || (d.Regime != ofacxml.RegimeSDN && d.Regime != ofacxml.RegimeNonSDN) {
					t.Fatalf("invalid designation emitted: %+v", d)
				}
				if _, err := graph.ParseDate(string(d.Listed)); err != nil {
					t.Fatalf("designation %+v: %v", d, err)
				}
			}
			for _, h := range b.Holdings {
				if h.Owner == "" || h.Owned == "" || h.Owner == h.Owned || !h.Share.IsUnknown() || !h.Votes.IsUnknown() {
					t.Fatalf("invalid holding emitted: %+v", h)
				}
				if _, err := graph.ParseDate(string(h.End)); err != nil {
					t.Fatalf("holding %+v: %v", h, err)
				}
			}
			for _, l := range b.Links {
				if l.From == "" || (l.To == "" && l.ToName == "") || l.Type == "" {
					t.Fatalf("invalid link emitted: %+v", l)
				}
			}
			return nil
		})
		if err != nil {
			re, ok := ingest.AsRowError(err)
			if !ok {
				t.Fatalf("error is not a *RowError: %T %v", err, err)
			}
			if re.File != name {
				t.Fatalf("error names file %q, want %q", re.File, name)
			}
		}
	}
}

func seeds(f *testing.F, fixture string, extra ...string) {
	data, err := os.ReadFile(fixture)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add([]byte("\ufeff" + string(data)))
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

func FuzzSDNXML(f *testing.F) {
	seeds(f, sdnFixture,
		"",
		"<sdnList/>",
		`<sdnList><publshInformation><Publish_Date>02/30/2020</Publish_Date></publshInformation></sdnList>`,
		`<sdnList><sdnEntry><uid>1</uid><lastName>A</lastName><remarks>Linked To: A; Linked To: A.</remarks></sdnEntry>`+
			`<sdnEntry><uid>2</uid><lastName>A</lastName><sdnType>Robot</sdnType></sdnEntry></sdnList>`,
		`<sdnList><sdnEntry><uid>x</uid></sdnEntry><sdnEntry><uid>3</uid></sdnEntry></sdnList>`,
		`<?xml version="1.0" encoding="ISO-8859-1"?><sdnList><sdnEntry><uid>4</uid><lastName>M`+"\xfc"+`LLER</lastName></sdnEntry></sdnList>`,
		`<?xml version="1.0" encoding="EBCDIC"?><sdnList/>`,
	)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "SDN.XML", data) })
}

func FuzzAdvancedXML(f *testing.F) {
	refs := `<ReferenceValueSets><RelationTypeValues><RelationType ID="1">Owned or Controlled By</RelationType></RelationTypeValues>` +
		`<PartySubTypeValues><PartySubType ID="4" PartyTypeID="1">Unknown</PartySubType></PartySubTypeValues>` +
		`<AliasTypeValues><AliasType ID="1403">Name</AliasType></AliasTypeValues></ReferenceValueSets>`
	party := func(ref string) string {
		return `<DistinctParty FixedRef="` + ref + `"><Profile ID="` + ref + `" PartySubTypeID="4"><Identity ID="` + ref +
			`"><Alias AliasTypeID="1403" Primary="true"><DocumentedName><DocumentedNamePart><NamePartValue>N` + ref +
			`</NamePartValue></DocumentedNamePart></DocumentedName></Alias></Identity></Profile></DistinctParty>`
	}
	seeds(f, advFixture,
		"",
		"<Sanctions/>",
		`<Sanctions><DateOfIssue><Year>2020</Year><Month>2</Month><Day>30</Day></DateOfIssue></Sanctions>`,
		`<Sanctions><DateOfIssue><Year>2020</Year><Month>2</Month><Day>3</Day></DateOfIssue>`+refs+
			`<DistinctParties>`+party("1")+party("2")+party("")+`</DistinctParties><ProfileRelationships>`+
			`<ProfileRelationship ID="9" From-ProfileID="1" To-ProfileID="2" RelationTypeID="1" Former="true"/>`+
			`<ProfileRelationship ID="8" From-ProfileID="1" To-ProfileID="1" RelationTypeID="1"/>`+
			`<ProfileRelationship ID="7" From-ProfileID="1" To-ProfileID="3" RelationTypeID="1"/>`+
			`</ProfileRelationships></Sanctions>`,
		`<Sanctions>`+refs+`<DistinctParties>`+party("01")+party("1")+`</DistinctParties>`+
			`<SanctionsEntries><SanctionsEntry ID="1" ProfileID="01"><EntryEvent><Date><Year>0</Year></Date></EntryEvent></SanctionsEntry></SanctionsEntries></Sanctions>`,
		`<Sanctions><DistinctParties/></Sanctions>`,
	)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "SDN_ADVANCED.XML", data) })
}
