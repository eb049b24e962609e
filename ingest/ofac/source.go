package ofac

import (
	"context"
	"fmt"

	"path/filepath"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// Source names, list names and designation regimes.
const (
	SDNName          = "ofac-csv"
	ConsolidatedName = "ofac-consolidated"
	SDNList          = "ofac-sdn"
	ConsolidatedList = "ofac-cons"
	// RegimeNonSDN is the regime of Consolidated (non-SDN) list
	// designations; they do not seed the ofac engine.
	RegimeNonSDN graph.Regime = "ofac-nonsdn"
)

// role is what a file holds.
type role int

const (
	rolePrimary role = iota
	roleAddress
	roleAlias
	roleComments
	numRoles
)

// fields is the number of fields per record, by role.
var fields = [numRoles]int{12, 6, 5, 2}

// columns names the fields of each role, for error messages.
var columns = [numRoles][]string{
	{"ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type", "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks"},
	{"ent_num", "Add_num", "Address", "City/State/Province/Postal Code", "Country", "Add_remarks"},
	{"ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks"},
	{"ent_num", "Remarks_Extended"},
}

// list describes one of the two OFAC lists.
type list struct {
	name   string       // source name
	list   string       // list name and provenance source
	regime graph.Regime // designation regime
	stems  [numRoles]string
}

var (
	sdnList  = list{SDNName, SDNList, graph.RegimeOFAC, [numRoles]string{"sdn", "add", "alt", "sdn_comments"}}
	consList = list{ConsolidatedName, ConsolidatedList, RegimeNonSDN, [numRoles]string{"cons_prim", "cons_add", "cons_alt", "cons_comments"}}
)

// Source is an OFAC CSV source; it implements ingest.Source and
// ingest.ListSource.
type Source struct{ l list }

// NewSDN returns the source of the SDN list CSV files.
func NewSDN() ingest.Source { return &Source{sdnList} }

// NewConsolidated returns the source of the Consolidated non-SDN list CSV
// files.
func NewConsolidated() ingest.Source { return &Source{consList} }

// Name implements ingest.Source.
func (s *Source) Name() string { return s.l.name }

// ListInfo implements ingest.ListSource: the CSV files carry no
// publication date, so the runner uses the load date.
func (s *Source) ListInfo(ctx context.Context, files []string) (string, graph.Date, error) {
	return s.l.list, "", nil
}

// Parse implements ingest.Source.
func (s *Source) Parse(ctx context.Context, files []string, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	_, err := s.ParseStats(ctx, files, opt, emit)
	return err
}

// Stats counts what a parse dropped without failing.
type Stats struct {
	Records int // primary records read
	// Orphans counts ADD, ALT and COMMENTS rows whose ent_num is not in
	// the primary file, by role: "add", "alt", "comments".
	Orphans map[string]int
}

// ParseStats is Parse that also returns the counts of dropped orphans.
func (s *Source) ParseStats(ctx context.Context, files []string, opt ingest.ParseOptions, emit func(*graph.Batch) error) (Stats, error) {
	paths, err := s.l.classify(files)
	if err != nil {
		return Stats{}, err
	}
	var data [numRoles][]byte
	for r, p := range paths {
		if p == "" {
			continue
		}
		if data[r], err = ingest.ReadText(p); err != nil {
			return Stats{}, err
		}
	}
	return s.l.parse(ctx, paths, data, opt, emit)
}

// classify assigns each file its role.
func (l list) classify(files []string) ([numRoles]string, error) {
	var paths [numRoles]string
	for _, f := range files {
		base := filepath.Base(f)
		stem := strings.ToLower(strings.TrimSuffix(base, filepath.Ext(base)))
		r := role(-1)
		for i, st := range l.stems {
			if stem == st {
				r = role(i)
			}
		}
		if r < 0 {
			return paths, &ingest.RowError{File: f, Reason: fmt.Sprintf("not a file of the %s list: want %s.csv, %s.csv, %s.csv or %s.csv",
				l.list, l.stems[0], l.stems[1], l.stems[2], l.stems[3])}
		}
		if paths[r] != "" {
			return paths, &ingest.RowError{File: f, Reason: "a second " + l.stems[r] + " file (the first is " + paths[r] + ")"}
		}
		paths[r] = f
	}
	if paths[rolePrimary] == "" {
		return paths, &ingest.RowError{File: strings.Join(files, ","), Reason: "no " + strings.ToUpper(l.stems[0]) + ".CSV file given"}
	}
	return paths, nil
}
