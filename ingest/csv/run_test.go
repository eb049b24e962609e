package csv_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	ocsv "github.com/ownex/ownex/ingest/csv"
	"github.com/ownex/ownex/internal/store/sqlite"
)

func openStore(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "ownex.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// network writes a small valid file set into a new folder.
func network(t *testing.T) string {
	dir := t.TempDir()
	write(t, dir, "entities.csv", "id,name,kind\nt:p,Person P,person\nt:a,Alpha,company\n")
	write(t, dir, "designations.csv", "entity,regime,program,listed\nt:p,ofac,RUSSIA,2022-03-01\n")
	write(t, dir, "ownership.csv", "owner,owned,share\nt:p,t:a,60\nt:a,t:b,25-50\nt:b,t:c,\n")
	write(t, dir, "control.csv", "controller,controlled,basis\nt:p,t:c,director\n")
	write(t, dir, "README.txt", "not a csv file\n")
	return dir
}

func run(t *testing.T, s graph.Store, opt ingest.Options, args ...string) (ingest.Report, error) {
	t.Helper()
	files, err := ingest.ExpandFiles(args, "csv")
	if err != nil {
		t.Fatal(err)
	}
	return ingest.Run(context.Background(), s, ocsv.New(), files, opt)
}

func TestIngestTwiceIsIdempotent(t *testing.T) {
	s := openStore(t)
	dir := network(t)
	rep, err := run(t, s, ingest.Options{}, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := graph.Counts{Entities: 2, Designations: 1, Holdings: 3, Controls: 1}
	if rep.Counts != want || len(rep.Files) != 4 || rep.LoadID == 0 {
		t.Fatalf("report = %+v, want counts %+v over 4 files", rep, want)
	}
	ctx := context.Background()
	c1, _ := s.Counts(ctx)
	if c1 != (graph.Counts{Entities: 4, Designations: 1, Holdings: 3, Controls: 1}) {
		t.Fatalf("store counts = %+v", c1)
	}
	if _, err := run(t, s, ingest.Options{}, dir); err != nil {
		t.Fatal(err)
	}
	if c2, _ := s.Counts(ctx); c2 != c1 {
		t.Errorf("counts after re-ingest = %+v, want %+v", c2, c1)
	}
	log, _ := s.Loads(ctx)
	if len(log) != 2 || log[0].Status != graph.LoadCommitted || log[1].Status != graph.LoadCommitted ||
		log[0].Checksum == "" || log[0].Checksum != log[1].Checksum || log[0].Counts != want || log[0].Format != "csv" {
		t.Errorf("load log = %+v", log)
	}
	e, err := s.Entity(ctx, "t:b")
	if err != nil || e.Name != "t:b" || e.Kind != graph.KindUnknown {
		t.Errorf("stub t:b = %+v, %v", e, err)
	}
}

func TestStrictBadRowWritesNothing(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	if _, err := run(t, s, ingest.Options{}, network(t)); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Counts(ctx)
	loadsBefore, _ := s.Loads(ctx)

	dir := t.TempDir()
	write(t, dir, "entities.csv", "id,name\nt:new,New\n")
	bad := write(t, dir, "ownership.csv", "owner,owned,share\nt:new,t:x,10\nt:new,t:y,150\n")
	rep, err := run(t, s, ingest.Options{BatchSize: 1}, dir)
	re, ok := ingest.AsRowError(err)
	if !ok || re.File != bad || re.Line != 3 || re.Column != "share" {
		t.Fatalf("err = %v, want a RowError at %s:3 column share", err, bad)
	}
	if rep.Counts != (graph.Counts{}) {
		t.Errorf("report counts = %+v, want none", rep.Counts)
	}
	if after, _ := s.Counts(ctx); after != before {
		t.Errorf("counts = %+v, want unchanged %+v", after, before)
	}
	if _, err := s.Entity(ctx, "t:new"); err == nil {
		t.Errorf("entity of a rejected file set was written")
	}
	// The failure is in the load log, as a failed load with the error.
	loads, _ := s.Loads(ctx)
	if len(loads) != len(loadsBefore)+1 {
		t.Fatalf("load log: %d loads, want %d (the failed one added)", len(loads), len(loadsBefore)+1)
	}
	var failed *graph.LoadRecord
	for i := range loads {
		if loads[i].ID == rep.LoadID {
			failed = &loads[i]
		}
	}
	if failed == nil || failed.Status != graph.LoadFailed || !strings.Contains(failed.Error, "ownership.csv:3") {
		t.Errorf("load %d in the log: %+v, want failed with the error at ownership.csv:3", rep.LoadID, failed)
	}
}

func TestLenientWritesGoodRows(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	dir := t.TempDir()
	write(t, dir, "entities.csv", "id,name,kind\nt:a,A,company\nt:b,,company\nt:c,C,robot\n")
	write(t, dir, "ownership.csv", "owner,owned,share\nt:a,t:x,10\nt:a,t:y,abc\n,t:z,5\nt:a,t:w,2020-01-01\n")
	rep, err := run(t, s, ingest.Options{Lenient: true}, dir)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts != (graph.Counts{Entities: 1, Holdings: 1}) {
		t.Errorf("report counts = %+v", rep.Counts)
	}
	var got []string
	for _, e := range rep.Skipped {
		got = append(got, fmt.Sprintf("%s:%d:%s", filepath.Base(e.File), e.Line, e.Column))
	}
	want := "entities.csv:3:name entities.csv:4:kind ownership.csv:3:share ownership.csv:4:owner ownership.csv:5:share"
	if strings.Join(got, " ") != want {
		t.Errorf("skipped = %v, want %s", got, want)
	}
	if c, _ := s.Counts(ctx); c != (graph.Counts{Entities: 2, Holdings: 1}) {
		t.Errorf("store counts = %+v", c)
	}
	log, _ := s.Loads(ctx)
	if len(log) != 1 || log[0].Skipped != 5 || log[0].Status != graph.LoadCommitted {
		t.Errorf("load log = %+v", log)
	}
}

// failingWriter fails on the second batch, to check that a failed write
// aborts the load.
type failingWriter struct {
	graph.Store
}

func (w failingWriter) Begin(ctx context.Context, m graph.LoadMeta) (graph.Load, error) {
	l, err := w.Store.Begin(ctx, m)
	return &failingLoad{Load: l}, err
}

type failingLoad struct {
	graph.Load
	n int
}

func (l *failingLoad) Write(ctx context.Context, b *graph.Batch) error {
	if l.n++; l.n == 2 {
		return fmt.Errorf("simulated disk full")
	}
	return l.Load.Write(ctx, b)
}

func TestWriteFailureAborts(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	_, err := run(t, failingWriter{s}, ingest.Options{BatchSize: 1}, network(t))
	if err == nil || !strings.Contains(err.Error(), "simulated disk full") {
		t.Fatalf("err = %v", err)
	}
	if c, _ := s.Counts(ctx); c != (graph.Counts{}) {
		t.Errorf("counts = %+v, want nothing", c)
	}
	log, _ := s.Loads(ctx)
	if len(log) != 1 || log[0].Status != graph.LoadFailed || !strings.Contains(log[0].Error, "disk full") {
		t.Errorf("load log = %+v, want one failed load", log)
	}
}

func TestExpandFiles(t *testing.T) {
	dir := network(t)
	files, err := ingest.ExpandFiles([]string{dir, filepath.Join(dir, "control.csv")}, "csv")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if strings.Join(names, ",") != "control.csv,designations.csv,entities.csv,ownership.csv" {
		t.Errorf("files = %v", names)
	}
	if _, err := ingest.ExpandFiles([]string{filepath.Join(dir, "missing.csv")}, "csv"); err == nil ||
		!strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing path: err = %v", err)
	}
	empty := t.TempDir()
	if _, err := ingest.ExpandFiles([]string{empty}, "csv"); err == nil {
		t.Errorf("empty folder: no error")
	}
}

// BenchmarkIngestCSV ingests a generated 300k-row ownership file (plus
// 100k entities) into a fresh SQLite store per iteration, strict mode
// (one pass: the SQLite store's loads are atomic and can be discarded).
// BenchmarkIngestCSV of internal/store/sqlite loads a generated graph. Run:
//
//	go test ./ingest/csv -run '^$' -bench IngestCSV -benchtime 1x
func BenchmarkIngestCSV(b *testing.B) {
	const nEnt, nOwn = 100_000, 300_000
	dir := b.TempDir()
	var sb strings.Builder
	sb.WriteString("id,name,kind,country,identifiers\n")
	for i := range nEnt {
		fmt.Fprintf(&sb, "gen:%d,Company %d Ltd,company,GB,gb-coh:%08d\n", i, i, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "entities.csv"), []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	sb.Reset()
	sb.WriteString("owner,owned,share,start,source\n")
	for i := range nOwn {
		// Owners spread over a larger id space: about a third of them
		// have no entity row and become stubs.
		fmt.Fprintf(&sb, "gen:%d,gen:%d,%d.%02d,2020-01-%02d,bench\n", (i*7919)%150_000, i%nEnt, i%100, i%100, 1+i%28)
	}
	if err := os.WriteFile(filepath.Join(dir, "ownership.csv"), []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	files, err := ingest.ExpandFiles([]string{dir}, "csv")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	rows := 0
	for b.Loop() {
		b.StopTimer()
		s := openStore(b)
		b.StartTimer()
		rep, err := ingest.Run(context.Background(), s, ocsv.New(), files, ingest.Options{})
		if err != nil {
			b.Fatal(err)
		}
		rows += rep.Counts.Entities + rep.Counts.Holdings
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
