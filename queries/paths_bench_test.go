package queries_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/gen"
	"github.com/ownex/ownex/internal/store/sqlite"
	"github.com/ownex/ownex/queries"
)

// benchStore returns a SQLite store holding gen.Graph(n, seed), building
// it once and caching the file under os.TempDir() (keyed by size and
// seed): building the 1M-entity store takes minutes, querying it
// milliseconds. It also returns the generated snapshot.
func benchStore(b *testing.B, n int, seed int64) (*sqlite.Store, *graph.Snapshot) {
	b.Helper()
	ctx := context.Background()
	snap := gen.Graph(n, seed)
	path := filepath.Join(os.TempDir(), fmt.Sprintf("ownex-bench-gen-%d-%d.db", n, seed))
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		tmp := path + ".building"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
		st, err := sqlite.Open(ctx, tmp)
		if err != nil {
			b.Fatal(err)
		}
		l, err := st.Begin(ctx, graph.LoadMeta{Source: "gen", Format: "gen", Files: []string{"gen"},
			Checksum: fmt.Sprintf("gen-%d-%d", n, seed), Started: time.Now().UTC()})
		if err != nil {
			b.Fatal(err)
		}
		const batch = 50_000
		var c graph.Counts
		write := func(bt *graph.Batch) {
			if err := l.Write(ctx, bt); err != nil {
				b.Fatal(err)
			}
			c.Add(bt)
		}
		for i := 0; i < len(snap.Entities); i += batch {
			write(&graph.Batch{Entities: snap.Entities[i:min(i+batch, len(snap.Entities))]})
		}
		for i := 0; i < len(snap.Holdings); i += batch {
			write(&graph.Batch{Holdings: snap.Holdings[i:min(i+batch, len(snap.Holdings))]})
		}
		write(&graph.Batch{Controls: snap.Controls, Designations: snap.Designations})
		if err := l.Commit(ctx, c, 0); err != nil {
			b.Fatal(err)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %s (%d entities, %d holdings) in %s", path, len(snap.Entities), len(snap.Holdings),
			time.Since(start).Round(time.Second))
	}
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st, snap
}

// sixLevels finds two entities six holdings apart in a generated graph:
// it follows the main holder (the first holding generated into each
// company, its corporate-group parent or the group root's holder) six
// times up from a company, and keeps the first pair whose shortest
// ownership path has six holdings.
func sixLevels(b *testing.B, st queries.Store, snap *graph.Snapshot) (a, z string) {
	b.Helper()
	main := map[string]string{}
	for _, h := range snap.Holdings {
		if _, ok := main[h.Owned]; !ok {
			main[h.Owned] = h.Owner
		}
	}
	tries := 0
	for i := len(snap.Entities) - 1; i >= 0 && tries < 200; i-- {
		z = snap.Entities[i].ID
		seen := map[string]bool{z: true}
		a = z
		ok := true
		for range 6 {
			next, has := main[a]
			if !has || seen[next] {
				ok = false
				break
			}
			seen[next] = true
			a = next
		}
		if !ok {
			continue
		}
		tries++
		r, err := queries.Paths(context.Background(), st, a, z, 10, gen.AsOf)
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Paths) > 0 && r.Paths[0].Len() == 6 {
			return a, z
		}
	}
	b.Fatal("no pair six levels apart found")
	return "", ""
}

// BenchmarkPaths1M times `ownex paths A B --max 10` between two entities
// six levels apart on the embedded store holding gen.Graph(1_000_000, 1).
// Target: under 100 ms per call (docs/BENCHMARKS.md).
func BenchmarkPaths1M(b *testing.B) { benchPaths(b, 1_000_000) }

// BenchmarkPaths100k is the same on 100,000 entities.
func BenchmarkPaths100k(b *testing.B) { benchPaths(b, 100_000) }

func benchPaths(b *testing.B, n int) {
	st, snap := benchStore(b, n, 1)
	a, z := sixLevels(b, st, snap)
	ctx := context.Background()
	r, err := queries.Paths(ctx, st, a, z, 10, gen.AsOf)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("paths %s -> %s: %d found, shortest %d holdings, multiplied %.4g-%.4g %%", a, z, len(r.Paths),
		r.Paths[0].Len(), r.Paths[0].ShareMin, r.Paths[0].ShareMax)
	down, err := st.Downstream(ctx, []string{a}, (queries.DefaultPathLength+1)/2, gen.AsOf)
	if err != nil {
		b.Fatal(err)
	}
	up, err := st.UpstreamDepth(ctx, []string{z}, queries.DefaultPathLength/2, gen.AsOf)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("closures read per call: downstream of %s %d entities / %d holdings, upstream of %s %d / %d", a,
		len(down.Entities), len(down.Holdings), z, len(up.Entities), len(up.Holdings))
	b.ResetTimer()
	for b.Loop() {
		if _, err := queries.Paths(ctx, st, a, z, 10, gen.AsOf); err != nil {
			b.Fatal(err)
		}
	}
}
