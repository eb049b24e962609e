package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"runtime/debug"
	"testing"
)

func TestGraphMemoryLimit(t *testing.T) {
	for _, c := range []struct {
		entities, holdings int
		want               int64
	}{
		{0, 0, limitFloor},
		{1000, 1500, limitFloor},
		{10_000_000, 15_000_000, limitFixed + int64(1.3*(10_000_000*89+15_000_000*124))},
	} {
		if got := graphMemoryLimit(c.entities, c.holdings); got != c.want {
			t.Errorf("%d entities, %d holdings: %d, want %d", c.entities, c.holdings, got, c.want)
		}
	}
	if l := graphMemoryLimit(10_000_000, 15_000_000); l < 3_500_000_000 || l > 4_000_000_000 {
		t.Errorf("the 10M limit %d is not the measured 3.6 to 3.8 GB", l)
	}
}

// TestAnalyzeSizesTheMemoryLimit: with Config.SizedMemoryLimit a
// whole-store analysis sets the limit of its graph's size, read from the
// snapshot cache or the store; without it, the limit is left alone.
func TestAnalyzeSizesTheMemoryLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "demodata")
	for _, c := range []struct {
		name  string
		cfg   Config
		sized bool
	}{
		{"cache", Config{DB: cfg.DB, SizedMemoryLimit: true}, true},
		{"store", Config{DB: cfg.DB, SizedMemoryLimit: true, NoCache: true}, true},
		{"off", Config{DB: cfg.DB}, false},
	} {
		debug.SetMemoryLimit(123 << 30)
		if err := Analyze(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, c.cfg,
			AnalyzeOptions{AsOf: "2025-06-30", Format: "jsonl"}); err != nil {
			t.Fatal(err)
		}
		got := debug.SetMemoryLimit(-1)
		if c.sized && got != limitFloor || !c.sized && got != 123<<30 {
			t.Errorf("%s: limit %d after analyze", c.name, got)
		}
	}
}
