package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Kinds of the snapshot cache's sections that a whole-store analysis
// with proofs reads (internal/snapcache's doc.go): the whole part's
// holdings and the holdings' records.
const (
	secWholeHoldings = 7
	secRecords       = 28
)

// screenStoreWithCache ingests the screening fixture into a new SQLite
// store, which writes its snapshot cache; it returns the store's
// configuration, the same with --no-cache, the cache's path and bytes.
func screenStoreWithCache(t *testing.T) (cfg, nocache Config, path string, built []byte) {
	t.Helper()
	cfg = Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	nocache = cfg
	nocache.NoCache = true
	mustIngest(t, cfg, "../../testdata/screen/graph")
	path = cfg.DB + ".snapshot"
	built, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("ingest wrote no cache: %v", err)
	}
	return cfg, nocache, path, built
}

// TestScreenReadsTheCache (issue 18 item 1): screen analyses the store
// from its snapshot cache — the whole graph and the holdings' records
// that its proofs cite — with the output of a screening that reads the
// store (--no-cache); a cache damaged in either is reported, not
// trusted, and rebuilt.
func TestScreenReadsTheCache(t *testing.T) {
	cfg, nocache, path, built := screenStoreWithCache(t)
	screen := func(cfg Config) (string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		if err := Screen(context.Background(), Env{Stdout: &out, Stderr: &errb}, cfg, "../../testdata/screen/counterparties.csv",
			ScreenOptions{AsOf: screenAsOf, Format: "jsonl"}); err != nil {
			t.Fatalf("screen: %v (stderr %s)", err, errb.String())
		}
		return out.String(), errb.String()
	}
	want, _ := screen(nocache)
	if !strings.Contains(want, `"record":"ownership.csv:`) || !strings.Contains(want, `"status":"blocked"`) {
		t.Fatalf("no blocked verdict with a proof citing a record: the comparison is weak:\n%.2000s", want)
	}
	// The fixture has no EU designation: screen warns of it (nolists.go),
	// which is not about the cache.
	if got, stderr := screen(cfg); got != want || withoutNoListsWarning(stderr) != "" {
		t.Fatalf("from the cache (stderr %q):\n%s\nwant\n%s", stderr, got, want)
	}
	for _, c := range []struct {
		name string
		kind uint32
	}{{"holdings byte", secWholeHoldings}, {"records byte", secRecords}} {
		bad := bytes.Clone(built)
		bad[sectionEnd(t, bad, c.kind)-2] ^= 0x40
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		got, stderr := screen(cfg)
		if got != want {
			t.Errorf("%s: screen trusted the damaged cache:\n%s", c.name, got)
		}
		if !strings.Contains(stderr, "damaged") {
			t.Errorf("%s: nothing said about the damage: %q", c.name, stderr)
		}
		if again, stderr := screen(cfg); again != want || strings.Contains(stderr, "damaged") {
			t.Errorf("%s: the next screening: damaged again (%q) or wrong", c.name, stderr)
		}
	}
}

// TestServeReadsTheCache (issue 18 item 1): serve's whole-store analysis
// (an entity's verdict as of today, with its proof) comes from the
// snapshot cache, with the answer of a server that reads the store; a
// damaged cache is reported in the log, not trusted.
func TestServeReadsTheCache(t *testing.T) {
	cfg, nocache, path, built := screenStoreWithCache(t)
	get := func(cfg Config, urls ...string) ([]string, string) {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		var log syncBuffer
		addr, done := startServe(ctx, t, Env{Stdout: io.Discard, Stderr: &log}, cfg)
		var bodies []string
		for _, u := range urls {
			resp, err := http.Get("http://" + addr + u)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d %s", u, resp.StatusCode, b)
			}
			bodies = append(bodies, string(b))
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		return bodies, log.String()
	}
	urls := []string{"/api/v1/entities/x:alpha", "/api/v1/entities/x:holdco/explain", "/api/v1/entities/x:delta/explain"}
	want, _ := get(nocache, urls...)
	if !strings.Contains(strings.Join(want, ""), `"record": "ownership.csv:`) {
		t.Fatalf("no proof citing a record: the comparison is weak:\n%.3000s", strings.Join(want, "\n"))
	}
	bad := bytes.Clone(built)
	bad[sectionEnd(t, bad, secRecords)-2] ^= 0x40
	for _, c := range []struct {
		name   string
		file   []byte
		damage bool
	}{{"good", built, false}, {"damaged records", bad, true}} {
		if err := os.WriteFile(path, c.file, 0o644); err != nil {
			t.Fatal(err)
		}
		got, log := get(cfg, urls...)
		for i := range urls {
			if got[i] != want[i] {
				t.Errorf("%s: %s from the cache:\n%s\nwant\n%s", c.name, urls[i], got[i], want[i])
			}
		}
		if strings.Contains(log, "damaged") != c.damage {
			t.Errorf("%s: the log %q", c.name, log)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent writes (a server's
// log).
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
