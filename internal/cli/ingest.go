package cli

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/bods"
	csvsrc "github.com/ownex/ownex/ingest/csv"
	"github.com/ownex/ownex/ingest/eu"
	"github.com/ownex/ownex/ingest/ftm"
	"github.com/ownex/ownex/ingest/gleif"
	"github.com/ownex/ownex/ingest/ofac"
	"github.com/ownex/ownex/ingest/ofacxml"
	"github.com/ownex/ownex/ingest/psc"
	"github.com/ownex/ownex/ingest/uk"
	"github.com/ownex/ownex/ingest/un"
)

// IngestOptions are the flags of `ownex ingest`.
type IngestOptions struct {
	Lenient bool // skip bad records and report each one
	// Changes, when set, is the file (.jsonl, .csv or .html) that
	// receives the verdicts the load changed as of AsOf (ingestChanges).
	Changes string
	AsOf    string // YYYY-MM-DD; empty = today
	// AllowMassDelisting loads a list version that would delist most of
	// the list (ingest.ErrMassDelisting).
	AllowMassDelisting bool
}

// Format describes one input format of `ownex ingest`.
type Format struct {
	Name        string
	Ext         string // files taken from a folder argument
	Description string
	New         func() ingest.Source
}

// Formats lists the input formats, by name.
func Formats() []Format {
	fs := []Format{
		{Name: "csv", Ext: "csv", Description: "generic CSV: entities, ownership, control and designations files (kind detected from the header)", New: csvsrc.New},
		{Name: "ofac-csv", Ext: "csv", Description: "OFAC SDN list, legacy CSV: SDN.CSV with ADD, ALT and SDN_COMMENTS (a folder or the files)", New: ofac.NewSDN},
		{Name: "ofac-consolidated", Ext: "csv", Description: "OFAC consolidated non-SDN list, legacy CSV: CONS_PRIM with CONS_ADD, CONS_ALT, CONS_COMMENTS (regime ofac-nonsdn: never blocks)", New: ofac.NewConsolidated},
		{Name: "ofac-xml", Ext: "xml", Description: "OFAC SDN.XML or SDN_ADVANCED.XML (and the consolidated CONS_ variants), streamed", New: ofacxml.New},
		{Name: "psc", Ext: "json", Description: "UK Companies House PSC snapshot (JSON lines or arrays) and Basic Company Data JSON", New: psc.New},
		{Name: "gleif", Ext: "xml", Description: "GLEIF LEI-CDF (level 1), RR-CDF (level 2) and reporting-exception XML", New: gleif.New},
		{Name: "uk", Ext: "csv", Description: "UK Sanctions List (FCDO) CSV or XML, or the retired OFSI ConList.csv", New: uk.New},
		{Name: "eu", Ext: "xml", Description: "EU Financial Sanctions Files, XML 1.1 or the semicolon CSV", New: eu.New},
		{Name: "bods", Ext: "json", Description: "Beneficial Ownership Data Standard 0.2, 0.3 and 0.4: statement arrays or JSON lines", New: bods.New},
		{Name: "ftm", Ext: "json", Description: "OpenSanctions FollowTheMoney entity JSON lines (entities, sanctions, ownership, control, links)", New: ftm.New},
		{Name: "un", Ext: "xml", Description: "UN Security Council consolidated list XML", New: un.New},
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].Name < fs[j].Name })
	return fs
}

func lookupFormat(name string) (Format, error) {
	var names []string
	for _, f := range Formats() {
		if f.Name == name {
			return f, nil
		}
		names = append(names, f.Name)
	}
	return Format{}, Usagef("unknown ingest format %q: want one of %s", name, strings.Join(names, ", "))
}

// Ingest loads files (or every file of the format's extension in each
// folder) into the configured store. In strict mode a bad record fails the
// whole load and nothing of it is written.
func Ingest(ctx context.Context, env Env, cfg Config, format string, paths []string, opt IngestOptions) error {
	f, err := lookupFormat(format)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return Usagef("ingest %s: no file or folder given", format)
	}
	files, err := ingest.ExpandFiles(paths, f.Ext)
	if err != nil {
		return &UsageError{Err: err}
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if opt.Changes != "" {
		err = ingestChanges(ctx, env, cfg, st, f, files, opt)
	} else {
		err = ingestFiles(ctx, env, cfg, st, f, files, opt)
	}
	var partial *PartialError
	if err == nil || errors.As(err, &partial) {
		refreshSnapshot(ctx, env, cfg, st) // the load committed
	}
	return err
}

func ingestFiles(ctx context.Context, env Env, cfg Config, st graph.Writer, f Format, files []string, opt IngestOptions) error {
	_, err := runIngest(ctx, env, cfg, st, f, files, opt)
	return err
}

// runIngest loads files into st, reports on env and returns the load's
// report.
func runIngest(ctx context.Context, env Env, cfg Config, st graph.Writer, f Format, files []string, opt IngestOptions) (ingest.Report, error) {
	t0 := time.Now()
	iopt := ingest.Options{Lenient: opt.Lenient, BatchSize: ingestBatchSize(cfg, st), AllowMassDelisting: opt.AllowMassDelisting}
	pp := newProgress(env, cfg, "ingest", time.Now())
	iopt.Progress = pp.report
	rep, err := ingest.Run(ctx, st, f.New(), files, iopt)
	pp.end()
	for _, r := range rep.Replaced {
		fmt.Fprintf(env.Stderr, "replaced with U+FFFD: %v\n", r)
	}
	for _, s := range rep.Skipped {
		if s.Rest {
			fmt.Fprintf(env.Stderr, "skipped %v; nothing after it in the file was read\n", s)
			continue
		}
		fmt.Fprintf(env.Stderr, "skipped %v\n", s)
	}
	if err != nil {
		return rep, fmt.Errorf("ingest %s: %w", f.Name, err)
	}
	c := rep.Counts
	unread := ""
	if len(rep.Unread) > 0 {
		unread = fmt.Sprintf("; %d file(s) not read to the end", len(rep.Unread))
	}
	fmt.Fprintf(env.Stdout, "load %d: %d entities, %d designations, %d holdings, %d control edges from %d file(s); %d record(s) skipped%s; %s\n",
		rep.LoadID, c.Entities, c.Designations, c.Holdings, c.Controls, len(files), len(rep.Skipped), unread, time.Since(t0).Round(time.Millisecond))
	if rep.Partial || len(rep.Unread) > 0 {
		pe := &PartialError{Unread: rep.Unread}
		if rep.Partial {
			pe.List, pe.Unconfirmed = rep.List, rep.Unconfirmed
		}
		return rep, fmt.Errorf("ingest %s: %w", f.Name, pe)
	}
	return rep, nil
}

// writeSizer is implemented by stores that write best in batches of a
// given number of records (the Neo4j store: enough rows for its parallel
// writer, few fixed costs per write). The Neo4j store alone has it, so it
// is optional, outside graph.Store.
type writeSizer interface {
	WriteSize() int
}

// ingestBatchSize returns the number of records per write batch of an
// ingest into st: --batch-size if set, else the store's preferred size,
// else 0 (ingest.DefaultBatchSize).
func ingestBatchSize(cfg Config, st graph.Writer) int {
	if cfg.BatchSize > 0 {
		return cfg.BatchSize
	}
	if ws, ok := st.(writeSizer); ok {
		return ws.WriteSize()
	}
	return 0
}
