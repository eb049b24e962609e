package ofacxml_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/ofacxml"
)

const genRefs = `<ReferenceValueSets>
<AliasTypeValues><AliasType ID="1400">A.K.A.</AliasType><AliasType ID="1403">Name</AliasType></AliasTypeValues>
<CountryValues><Country ID="11229" ISO2="RU">Russia</Country></CountryValues>
<FeatureTypeValues><FeatureType ID="8">Birthdate</FeatureType><FeatureType ID="25">Location</FeatureType></FeatureTypeValues>
<IDRegDocTypeValues><IDRegDocType ID="1626">Registration Number</IDRegDocType></IDRegDocTypeValues>
<ListValues><List ID="1550">SDN List</List></ListValues>
<LocPartTypeValues><LocPartType ID="1454">CITY</LocPartType></LocPartTypeValues>
<NamePartTypeValues><NamePartType ID="1520">Last Name</NamePartType><NamePartType ID="1521">First Name</NamePartType><NamePartType ID="1525">Entity Name</NamePartType></NamePartTypeValues>
<PartySubTypeValues><PartySubType ID="3" PartyTypeID="2">Unknown</PartySubType><PartySubType ID="4" PartyTypeID="1">Unknown</PartySubType></PartySubTypeValues>
<PartyTypeValues><PartyType ID="1">Individual</PartyType><PartyType ID="2">Entity</PartyType></PartyTypeValues>
<RelationTypeValues><RelationType ID="1555">Associate Of</RelationType><RelationType ID="15003">Owned or Controlled By</RelationType></RelationTypeValues>
<SanctionsTypeValues><SanctionsType ID="1">Program</SanctionsType></SanctionsTypeValues>
</ReferenceValueSets>
`

// genAdvanced writes a synthetic SDN_ADVANCED.XML with n parties, n/2
// relationships, n sanctions entries and one IDRegDocument for every
// fourth party (about 1.3 kB per party).
func genAdvanced(path string, n int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?>
<Sanctions xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML">
<DateOfIssue><Year>2024</Year><Month>3</Month><Day>15</Day></DateOfIssue>
`)
	fmt.Fprint(w, genRefs)
	fmt.Fprint(w, "<Locations>\n")
	for i := 0; i < 100; i++ {
		fmt.Fprintf(w, `<Location ID="%d"><LocationCountry CountryID="11229"/><LocationPart LocPartTypeID="1454"><LocationPartValue Primary="true"><Value>City %d</Value></LocationPartValue></LocationPart></Location>`+"\n", i, i)
	}
	fmt.Fprint(w, "</Locations>\n<IDRegDocuments>\n")
	for i := 0; i < n; i += 4 {
		fmt.Fprintf(w, `<IDRegDocument ID="%d" IDRegDocTypeID="1626" IdentityID="%d" IssuedBy-CountryID="11229"><IDRegistrationNo>%013d</IDRegistrationNo></IDRegDocument>`+"\n", 500000000+i, 100000000+i, i)
	}
	fmt.Fprint(w, "</IDRegDocuments>\n<DistinctParties>\n")
	for i := 0; i < n; i++ {
		ref := 10000 + i
		fmt.Fprintf(w, `<DistinctParty FixedRef="%d"><Comment/><Profile ID="%d" PartySubTypeID="3"><Identity ID="%d" FixedRef="%d" Primary="true" False="false">`+
			`<Alias FixedRef="%d" AliasTypeID="1403" Primary="true" LowQuality="false"><DocumentedName ID="%d" FixedRef="%d" DocNameStatusID="1"><DocumentedNamePart>`+
			`<NamePartValue NamePartGroupID="%d" ScriptID="215" ScriptStatusID="1" Acronym="false">SYNTHETIC TRADING COMPANY NUMBER %d LIMITED</NamePartValue></DocumentedNamePart></DocumentedName></Alias>`+
			`<NamePartGroups><MasterNamePartGroup><NamePartGroup ID="%d" NamePartTypeID="1525"/></MasterNamePartGroup></NamePartGroups></Identity>`+
			`<Feature ID="%d" FeatureTypeID="25"><FeatureVersion ID="%d" ReliabilityID="1"><Comment/><VersionLocation LocationID="%d"/></FeatureVersion></Feature>`+
			"</Profile></DistinctParty>\n",
			ref, ref, 100000000+i, ref, ref, 200000000+i, ref, 300000000+i, i, 300000000+i, 400000000+i, 400000000+i, i%100)
	}
	fmt.Fprint(w, "</DistinctParties>\n<ProfileRelationships>\n")
	for i := 0; i+1 < n; i += 2 {
		rt := 15003
		if i%6 == 0 {
			rt = 1555
		}
		fmt.Fprintf(w, `<ProfileRelationship ID="%d" From-ProfileID="%d" To-ProfileID="%d" RelationTypeID="%d" RelationQualityID="1" Former="%t" SanctionsEntryID="%d"/>`+"\n",
			600000000+i, 10000+i, 10000+i+1, rt, i%10 == 0, 700000000+i)
	}
	fmt.Fprint(w, "</ProfileRelationships>\n<SanctionsEntries>\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, `<SanctionsEntry ID="%d" ProfileID="%d" ListID="1550"><EntryEvent ID="%d" EntryEventTypeID="1" LegalBasisID="1"><Date><Year>2022</Year><Month>4</Month><Day>6</Day></Date><Comment/></EntryEvent>`+
			`<SanctionsMeasure ID="%d" SanctionsTypeID="1"><Comment>RUSSIA-EO14024</Comment></SanctionsMeasure></SanctionsEntry>`+"\n",
			700000000+i, 10000+i, 800000000+i, 900000000+i)
	}
	fmt.Fprint(w, "</SanctionsEntries>\n<SanctionsEntryLinks/>\n</Sanctions>\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	return st.Size(), f.Close()
}

// heapRun parses path while sampling HeapInuse; it returns the peak above
// the heap in use before the parse, and the record count.
func heapRun(tb testing.TB, path string) (peak uint64, records int) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var max atomic.Uint64
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		for {
			old := max.Load()
			if m.HeapInuse <= old || max.CompareAndSwap(old, m.HeapInuse) {
				return
			}
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	err := ofacxml.New().Parse(context.Background(), []string{path}, ingest.ParseOptions{}, func(b *graph.Batch) error {
		records += b.Len()
		sample()
		return nil
	})
	close(stop)
	wg.Wait()
	if err != nil {
		tb.Fatal(err)
	}
	if m := max.Load(); m > base {
		peak = m - base
	}
	return peak, records
}

// BenchmarkAdvancedLarge parses a generated advanced file of 200,000
// parties and 100,000 relationships (about 260 MB).
func BenchmarkAdvancedLarge(b *testing.B) {
	path := filepath.Join(b.TempDir(), "SDN_ADVANCED.XML")
	size, err := genAdvanced(path, 200_000)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	var peak uint64
	for i := 0; i < b.N; i++ {
		p, n := heapRun(b, path)
		if n != 200_000+100_000+200_000 {
			b.Fatalf("%d records", n)
		}
		peak = max(peak, p)
	}
	b.ReportMetric(float64(size)/1e6, "file-MB")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// TestAdvancedHeapFlat compares the peak heap while parsing a 20 MB and a
// 100 MB file. It writes 120 MB of temporary files, so it only runs with
// OFACXML_HEAPTEST=1.
func TestAdvancedHeapFlat(t *testing.T) {
	if os.Getenv("OFACXML_HEAPTEST") == "" {
		t.Skip("set OFACXML_HEAPTEST=1 to run (writes 120 MB of temporary files)")
	}
	dir := t.TempDir()
	type run struct {
		n       int
		size    int64
		peak    uint64
		records int
	}
	var runs []run
	for _, n := range []int{15_300, 76_500} {
		path := filepath.Join(dir, fmt.Sprintf("SDN_ADVANCED_%d.XML", n))
		size, err := genAdvanced(path, n)
		if err != nil {
			t.Fatal(err)
		}
		peak, records := heapRun(t, path)
		runs = append(runs, run{n, size, peak, records})
		t.Logf("%6.1f MB, %d parties, %d records: peak HeapInuse above baseline %.1f MiB", float64(size)/1e6, n, records, float64(peak)/(1<<20))
		os.Remove(path)
	}
	small, large := runs[0], runs[1]
	// The id maps (ProfileID -> FixedRef, IdentityID -> identifiers for
	// every fourth party, with their map overhead) grow with the party
	// count, about 130 bytes per party here; everything else must stay
	// flat. A parser holding the parties would grow by more than the
	// 1.3 kB of XML per party.
	growth := float64(large.peak) - float64(small.peak)
	fileGrowth := float64(large.size - small.size)
	perParty := growth / float64(large.n-small.n)
	t.Logf("heap growth %.1f MiB for %.1f MB more input (%.0f bytes per extra party)", growth/(1<<20), fileGrowth/1e6, perParty)
	if perParty > 256 {
		t.Errorf("peak heap grew by %.1f MiB for %.1f MB more input: not streaming", growth/(1<<20), fileGrowth/1e6)
	}
}
