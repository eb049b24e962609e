package un_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/un"
)

// BenchmarkParseUN parses the 2 MB sample (1,003 records).
//
//	go test ./ingest/un -run '^$' -bench ParseUN -benchmem
func BenchmarkParseUN(b *testing.B) {
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = 0
		err := un.New().Parse(context.Background(), []string{sample}, ingest.ParseOptions{},
			func(bt *graph.Batch) error { n += len(bt.Entities); return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	if n != 1003 {
		b.Fatalf("%d records", n)
	}
}

// writeLarge writes a file of the sample's records repeated until it holds
// at least size bytes (reference numbers made unique per copy) and returns
// its path and record count.
func writeLarge(tb testing.TB, dir string, size int) (string, int) {
	tb.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		tb.Fatal(err)
	}
	start := bytes.Index(data, []byte("<INDIVIDUALS>")) + len("<INDIVIDUALS>")
	end := bytes.Index(data, []byte("</INDIVIDUALS>"))
	ents := bytes.Index(data, []byte("<ENTITIES>")) + len("<ENTITIES>")
	entsEnd := bytes.Index(data, []byte("</ENTITIES>"))
	path := filepath.Join(dir, "large.xml")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.Write(data[:start])
	written, records := 0, 0
	for i := 0; written < size; i++ {
		chunk := bytes.ReplaceAll(data[start:end], []byte("<REFERENCE_NUMBER>"), fmt.Appendf(nil, "<REFERENCE_NUMBER>%d-", i))
		w.Write(chunk)
		written += len(chunk)
		records += 730
	}
	w.WriteString("</INDIVIDUALS>\n  <ENTITIES>")
	w.Write(data[ents:entsEnd])
	records += 273
	w.Write(data[entsEnd:])
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path, records
}

// heapDuring parses path and samples HeapInuse every 5 ms; it returns the
// records parsed and the highest sample.
func heapDuring(tb testing.TB, path string) (int, uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
			}
		}
	}()
	n := 0
	err := un.New().Parse(context.Background(), []string{path}, ingest.ParseOptions{},
		func(b *graph.Batch) error { n += len(b.Entities); return nil })
	close(done)
	if err != nil {
		tb.Fatal(err)
	}
	return n, peak.Load()
}

// TestLargeFileHeapFlat parses a ~100 MB file and checks that the heap in
// use stays far below the file size: the parser holds one record and one
// batch at a time.
func TestLargeFileHeapFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and parses a 100 MB file")
	}
	path, want := writeLarge(t, t.TempDir(), 100<<20)
	st, _ := os.Stat(path)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	n, peak := heapDuring(t, path)
	if n != want {
		t.Fatalf("%d records, want %d", n, want)
	}
	t.Logf("file %d MB, %d records; HeapInuse before %.1f MB, peak during parse %.1f MB",
		st.Size()>>20, n, float64(before.HeapInuse)/(1<<20), float64(peak)/(1<<20))
	// A batch of 5,000 records (2,500 entities with designations) is a few
	// MB; 64 MB leaves room for the GC's slack but not for the file.
	if peak > 64<<20 {
		t.Errorf("peak HeapInuse %d MB parsing a %d MB file: the parse does not stream", peak>>20, st.Size()>>20)
	}
}

// BenchmarkParseUNLarge parses a ~100 MB file; it reports the time and the
// allocations per record and the peak HeapInuse.
//
//	go test ./ingest/un -run '^$' -bench ParseUNLarge -benchmem -benchtime 3x
func BenchmarkParseUNLarge(b *testing.B) {
	path, want := writeLarge(b, b.TempDir(), 100<<20)
	b.ReportAllocs()
	b.ResetTimer()
	var peak uint64
	for b.Loop() {
		n, p := heapDuring(b, path)
		if n != want {
			b.Fatalf("%d records, want %d", n, want)
		}
		peak = max(peak, p)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*want), "ns/record")
}
