package cli

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// analyzeWith runs analyze --all as of 2025-06-30 and returns its output
// and its standard error.
func analyzeWith(t *testing.T, cfg Config) (string, string) {
	t.Helper()
	return analyzeAll(t, cfg, true)
}

// analyzeAll runs analyze with or without --all: without, it reads the
// cache's designated cone (StreamCone), with it the whole graph.
func analyzeAll(t *testing.T, cfg Config, all bool) (string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if err := Analyze(context.Background(), Env{Stdout: &out, Stderr: &errb}, cfg,
		AnalyzeOptions{AsOf: "2025-06-30", Format: "jsonl", All: all}); err != nil {
		t.Fatalf("analyze: %v (stderr %s)", err, errb.String())
	}
	return out.String(), errb.String()
}

// TestSnapshotCacheLifecycle (issue 18 item 1): ingest writes the cache;
// analyze reads it and answers what the store answers; a load makes it
// stale and the next analysis rebuilds it; a damaged or truncated cache is
// reported, never trusted, and rebuilt; --no-cache neither reads nor
// writes it; `ownex snapshot` writes it on demand.
func TestSnapshotCacheLifecycle(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{DB: filepath.Join(dir, "ownex.db")}
	path := cfg.DB + ".snapshot"
	nocache := cfg
	nocache.NoCache = true

	mustIngest(t, nocache, "demodata")
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("ingest --no-cache wrote a cache: %v", err)
	}
	want, _ := analyzeWith(t, nocache)
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("analyze --no-cache wrote a cache: %v", err)
	}
	got, _ := analyzeWith(t, cfg) // no cache yet: built, then read
	if got != want || want == "" {
		t.Fatalf("from the new cache:\n%s\nwant\n%s", got, want)
	}
	built, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("analyze did not build the cache: %v", err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm()&0o044 == 0 {
		t.Errorf("cache mode %v, want 0644 minus the umask", fi.Mode())
	}

	// A load changes the store: the cache is stale, and rebuilt by the load.
	extra := filepath.Join(dir, "extra.csv")
	if err := os.WriteFile(extra, []byte("owner,owned,share,votes,arrangement,start,end,source\nNEWCO-OWNER,NEWCO,60,,,,,extra\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustIngest(t, cfg, extra)
	after, err := os.ReadFile(path)
	if err != nil || bytes.Equal(after, built) {
		t.Fatalf("ingest did not rewrite the cache: %v", err)
	}
	want, _ = analyzeWith(t, nocache)
	if !strings.Contains(want, `"NEWCO"`) {
		t.Fatalf("the new holding's company is not in the output:\n%s", want)
	}
	if got, _ := analyzeWith(t, cfg); got != want {
		t.Fatalf("after the load, from the cache:\n%s\nwant\n%s", got, want)
	}
	// A stale cache (the file of before the load) is rebuilt.
	if err := os.WriteFile(path, built, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := analyzeWith(t, cfg); got != want {
		t.Fatalf("from a stale cache:\n%s\nwant\n%s", got, want)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, after) {
		t.Errorf("the stale cache was not rebuilt as the load wrote it")
	}

	// Damaged caches: a byte changed in the whole graph's holdings (found
	// at the end of the stream of analyze --all), in the designated cone's
	// (at the end of the stream of analyze), in the head
	// (found at open), a truncation.
	wantCone, _ := analyzeAll(t, nocache, false)
	// Format 2: the whole part's holdings, then those of the cone part of
	// every designation (what analyze of every regime reads).
	wholeHoldings, coneHoldings := sectionEnd(t, after, 7), sectionEnd(t, after, 12)
	for _, c := range []struct {
		name   string
		all    bool
		damage func([]byte) []byte
	}{
		{"holdings byte", true, func(b []byte) []byte { b[wholeHoldings-3] ^= 0x40; return b }},
		{"cone holdings byte", false, func(b []byte) []byte { b[coneHoldings-3] ^= 0x40; return b }},
		{"head byte", true, func(b []byte) []byte { b[40] ^= 0x40; return b }},
		{"truncated", false, func(b []byte) []byte { return b[:len(b)/2] }},
	} {
		if err := os.WriteFile(path, c.damage(bytes.Clone(after)), 0o644); err != nil {
			t.Fatal(err)
		}
		want := want
		if !c.all {
			want = wantCone
		}
		got, stderr := analyzeAll(t, cfg, c.all)
		if got != want {
			t.Errorf("%s: analyze trusted the damaged cache:\n%s", c.name, got)
		}
		if !strings.Contains(stderr, "damaged") {
			t.Errorf("%s: nothing said about the damage: %q", c.name, stderr)
		}
		again, stderr := analyzeAll(t, cfg, c.all)
		if again != want || strings.Contains(stderr, "damaged") {
			t.Errorf("%s: the next analysis: damaged again (%q) or wrong", c.name, stderr)
		}
	}

	// ownex snapshot writes it on demand.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Snapshot(context.Background(), Env{Stdout: &out, Stderr: &bytes.Buffer{}}, cfg, SnapshotOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "snapshot cache "+path) || !strings.Contains(out.String(), " holdings (every date)") {
		t.Errorf("snapshot said %q", out.String())
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, after) {
		t.Errorf("ownex snapshot wrote another file than the load did")
	}
}

// sectionEnd returns the offset just past the body of the section of kind
// in a snapshot cache file (internal/snapcache's doc.go: a 16-byte head,
// then sections of a 16-byte head — kind, length, checksum — and a body).
func sectionEnd(t *testing.T, b []byte, kind uint32) int {
	t.Helper()
	for off := 16; off+16 <= len(b); {
		n := int(binary.LittleEndian.Uint64(b[off+4:]))
		end := off + 16 + n
		if binary.LittleEndian.Uint32(b[off:]) == kind {
			return end
		}
		off = end
	}
	t.Fatalf("no section of kind %d", kind)
	return 0
}
