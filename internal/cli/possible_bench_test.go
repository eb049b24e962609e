package cli

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/gen"
)

// BenchmarkAnalyzePossibleLinks1M is issue 13's acceptance 4: `ownex
// analyze --regime all --format jsonl` of the 1M generated graph
// (seed 1) from a SQLite store, without and with possible links on 1 % of
// its entities (gen.PossibleLinks: half of them to designated entities),
// which add the third run. The store is built once, outside the timer
// (about a minute); the ratio with/without is the figure of
// docs/BENCHMARKS.md:
//
//	go test ./internal/cli -run '^$' -bench AnalyzePossibleLinks1M -benchtime 3x -timeout 30m
func BenchmarkAnalyzePossibleLinks1M(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	s := gen.Graph(1_000_000, 1)
	if err := gen.WriteCSV(s, filepath.Join(dir, "csv")); err != nil {
		b.Fatal(err)
	}
	env := Env{Stdout: io.Discard, Stderr: &bytes.Buffer{}}
	cfg := Config{DB: filepath.Join(dir, "ownex.db")}
	if err := Ingest(ctx, env, cfg, "csv", []string{filepath.Join(dir, "csv")}, IngestOptions{}); err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B) {
		for b.Loop() {
			if err := Analyze(ctx, env, cfg, AnalyzeOptions{AsOf: string(gen.AsOf), Format: "jsonl"}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("without", run)
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		b.Fatal(err)
	}
	links := gen.PossibleLinks(s, 0.01, 1)
	l, err := st.Begin(ctx, graph.LoadMeta{Source: "gen", Format: "gen", Started: time.Now().UTC()})
	if err != nil {
		b.Fatal(err)
	}
	batch := &graph.Batch{SameAs: links}
	if err := l.Write(ctx, batch); err != nil {
		b.Fatal(err)
	}
	var c graph.Counts
	c.Add(batch)
	if err := l.Commit(ctx, c, 0); err != nil {
		b.Fatal(err)
	}
	st.Close()
	b.Logf("%d possible links", len(links))
	b.Run("with", run)
}
