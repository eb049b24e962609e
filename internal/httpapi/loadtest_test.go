package httpapi_test

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" driver, to sample the store
)

// The load test of issue 8: `ownex serve` as a real process on loopback,
// 100 concurrent clients for 30 s on search and explain. It only runs
// with OWNEX_LOADTEST_DB naming a store (the 1,000,000-entity
// $TMPDIR/ownex-bench-gen-1000000-1.db of docs/BENCHMARKS.md):
//
//	OWNEX_LOADTEST_DB=/tmp/ownex-bench-gen-1000000-1.db \
//	    go test ./internal/httpapi -run TestLoad -v -timeout 15m
//
// OWNEX_LOADTEST_CLIENTS and OWNEX_LOADTEST_DURATION override 100 and 30s;
// OWNEX_LOADTEST_ONLY=search or explain sends only that request (the
// default alternates them).
const (
	loadClients  = 100
	loadDuration = 30 * time.Second
	loadAsOf     = "2025-06-30"
)

func TestLoad(t *testing.T) {
	db := os.Getenv("OWNEX_LOADTEST_DB")
	if db == "" {
		t.Skip("set OWNEX_LOADTEST_DB to a store to run the load test")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the load test reads /proc")
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatal(err)
	}
	clients, duration := loadClients, loadDuration
	if v := os.Getenv("OWNEX_LOADTEST_CLIENTS"); v != "" {
		if _, err := fmt.Sscan(v, &clients); err != nil || clients < 1 {
			t.Fatalf("OWNEX_LOADTEST_CLIENTS=%q", v)
		}
	}
	if v := os.Getenv("OWNEX_LOADTEST_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatal(err)
		}
		duration = d
	}
	only := os.Getenv("OWNEX_LOADTEST_ONLY")
	if only != "" && only != "search" && only != "explain" {
		t.Fatalf("OWNEX_LOADTEST_ONLY=%q: want search or explain", only)
	}

	// Sample the store before the server opens it.
	smp := sampleStore(t, db)
	t.Logf("sample: %d search queries, %d exposure candidates, %d other entities",
		len(smp.queries), len(smp.candidates), len(smp.others))

	// Build and start the server.
	dir := t.TempDir()
	// Not in the server's working directory: viper would read the binary
	// named ownex as its config file.
	bin := filepath.Join(t.TempDir(), "ownex")
	build := exec.Command("go", "build", "-o", bin, "./cmd/ownex")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	srv := exec.Command(bin, "--db", db, "serve", "--addr", "127.0.0.1:0")
	srv.Dir = dir // no ownex.yaml
	srv.Env = append(os.Environ(), "OWNEX_API_TOKEN=")
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	srv.Stderr = &stderr
	started := time.Now()
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	pid := srv.Process.Pid
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = srv.Wait(); close(exited) }()
	defer func() {
		_ = srv.Process.Signal(syscall.SIGINT)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			_ = srv.Process.Kill()
			<-exited
		}
		if s := stderr.String(); s != "" {
			t.Logf("server stderr:\n%s", s)
		}
	}()
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "listening on http://"); ok {
				addr, _, _ := strings.Cut(rest, " ")
				addrc <- addr
			}
		}
	}()
	var base string
	select {
	case addr := <-addrc:
		if !strings.HasPrefix(addr, "127.0.0.1:") {
			t.Fatalf("server listens on %s, not loopback", addr)
		}
		base = "http://" + addr
	case <-exited:
		t.Fatalf("server exited: %v; stderr:\n%s", waitErr, stderr.String())
	case <-time.After(5 * time.Minute):
		t.Fatalf("server did not listen within 5 minutes; stderr:\n%s", stderr.String())
	}
	hc := &http.Client{Timeout: 2 * time.Minute}
	for {
		resp, err := hc.Get(base + "/readyz")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(started) > 5*time.Minute {
			t.Fatalf("not ready after 5 minutes: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	ready := time.Since(started)
	rssReady := procStatus(t, pid, "VmRSS")
	t.Logf("ready after %v (process start to /readyz 200, search index built), RSS %s", ready.Round(time.Millisecond), rssReady)

	// Warm-up: the first explain of the date runs the whole-store analysis.
	w0 := time.Now()
	var ex explanation
	if code := getJSON(t, hc, base+explainPath(smp.candidates[0]), &ex); code != http.StatusOK {
		t.Fatalf("warm-up explain: status %d", code)
	}
	warmExplain := time.Since(w0)
	w1 := time.Now()
	var sr searchResult
	if code := getJSON(t, hc, base+"/api/v1/search?q="+url.QueryEscape(smp.queries[0]), &sr); code != http.StatusOK {
		t.Fatalf("warm-up search: status %d", code)
	}
	warmSearch := time.Since(w1)
	t.Logf("warm-up: first explain %v (whole-store analysis as of %s), first search %v, RSS %s",
		warmExplain.Round(time.Millisecond), loadAsOf, warmSearch.Round(time.Millisecond), procStatus(t, pid, "VmRSS"))

	// Classify the explain ids (untimed): exposed (any regime not clear) or clear.
	var exposed, clear []string
	for _, id := range append(slices.Clone(smp.candidates), smp.others...) {
		var e explanation
		if code := getJSON(t, hc, base+explainPath(id), &e); code != http.StatusOK {
			t.Fatalf("explain %s: status %d", id, code)
		}
		if e.exposed() {
			exposed = append(exposed, id)
		} else {
			clear = append(clear, id)
		}
	}
	if len(exposed) > 100 {
		exposed = exposed[:100]
	}
	if len(clear) > 100 {
		clear = clear[:100]
	}
	if len(exposed) == 0 || len(clear) == 0 {
		t.Fatalf("explain ids: %d exposed, %d clear: want both", len(exposed), len(clear))
	}
	ids := append(slices.Clone(exposed), clear...)
	t.Logf("explain ids: %d exposed (e.g. %s), %d clear (e.g. %s)", len(exposed), exposed[0], len(clear), clear[0])

	// The timed part: each client alternates search and explain.
	type sample struct {
		lat  []time.Duration
		errs int
		msgs []string
	}
	var mu sync.Mutex
	var searchName, searchID, explain sample
	var wg sync.WaitGroup
	t0 := time.Now()
	deadline := t0.Add(duration)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 8))
			tr := &http.Transport{MaxIdleConnsPerHost: 1, IdleConnTimeout: time.Minute}
			defer tr.CloseIdleConnections()
			cl := &http.Client{Transport: tr, Timeout: time.Minute}
			var sn, si, e sample
			for i := 0; time.Now().Before(deadline); i++ {
				var u string
				var cur *sample
				if only == "search" || only == "" && (i+c)%2 == 0 {
					q := smp.queries[rng.IntN(len(smp.queries))]
					u = base + "/api/v1/search?q=" + url.QueryEscape(q)
					cur = &sn
					if smp.isID[q] {
						cur = &si
					}
				} else {
					u = base + explainPath(ids[rng.IntN(len(ids))])
					cur = &e
				}
				start := time.Now()
				resp, err := cl.Get(u)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode/100 != 2 {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				cur.lat = append(cur.lat, time.Since(start))
				if err != nil {
					cur.errs++
					if len(cur.msgs) < 3 {
						cur.msgs = append(cur.msgs, u+": "+err.Error())
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for _, p := range [][2]*sample{{&searchName, &sn}, {&searchID, &si}, {&explain, &e}} {
				p[0].lat = append(p[0].lat, p[1].lat...)
				p[0].errs += p[1].errs
				p[0].msgs = append(p[0].msgs, p[1].msgs...)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(t0)
	hwm := procStatus(t, pid, "VmHWM")

	t.Logf("%d clients for %v (%s; last response after %v), as_of %s, GOMAXPROCS of the test %d",
		clients, duration, map[string]string{"": "search and explain alternating", "search": "search only", "explain": "explain only"}[only], elapsed.Round(time.Millisecond), loadAsOf, runtime.GOMAXPROCS(0))
	t.Logf("| endpoint | requests | errors | req/s | p50 | p90 | p99 | max |")
	t.Logf("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	search := sample{lat: slices.Concat(searchName.lat, searchID.lat), errs: searchName.errs + searchID.errs,
		msgs: slices.Concat(searchName.msgs, searchID.msgs)}
	total, totalErrs := 0, 0
	for _, x := range []struct {
		name string
		s    *sample
	}{{"search", &search}, {"explain", &explain}, {"search, by name (of which)", &searchName}, {"search, by ID (of which)", &searchID}} {
		l := x.s.lat
		slices.Sort(l)
		if x.s == &search || x.s == &explain {
			total += len(l)
			totalErrs += x.s.errs
		}
		t.Logf("| %s | %d | %d | %.0f | %s | %s | %s | %s |", x.name, len(l), x.s.errs,
			float64(len(l))/elapsed.Seconds(), ms(pct(l, 50)), ms(pct(l, 90)), ms(pct(l, 99)), ms(pct(l, 100)))
		if x.s == &search || x.s == &explain {
			for _, m := range x.s.msgs {
				t.Logf("%s error: %s", x.name, m)
			}
		}
	}
	t.Logf("total %d requests, %.0f req/s; server peak RSS (VmHWM) %s", total, float64(total)/elapsed.Seconds(), hwm)
	if totalErrs > 0 {
		t.Errorf("%d requests failed", totalErrs)
	}
}

// loadSample is what the load test asks for, read from the store.
type loadSample struct {
	queries    []string // entity names and IDs
	isID       map[string]bool
	candidates []string // designated entities and what they hold directly
	others     []string // entities spread over the store
}

func sampleStore(t *testing.T, path string) loadSample {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	strs := func(q string, args ...any) []string {
		rows, err := db.Query(q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	var n int
	if err := db.QueryRow(`SELECT max(rowid) FROM entities`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	step := max(n/200, 1)
	var s loadSample
	// 200 entities spread evenly: their names and IDs are the search queries.
	ids := strs(`SELECT id FROM entities WHERE rowid % ? = 0 LIMIT 200`, step)
	s.isID = map[string]bool{}
	for _, id := range ids {
		s.isID[id] = true
	}
	s.queries = append(strs(`SELECT name FROM entities WHERE rowid % ? = 0 LIMIT 200`, step), ids...)
	const active = `listed <= ? AND (delisted = '' OR delisted > ?)`
	des := strs(`SELECT DISTINCT entity FROM designations WHERE `+active+` LIMIT 60`, loadAsOf, loadAsOf)
	held := strs(`SELECT DISTINCT owned FROM holdings WHERE owner IN
		(SELECT entity FROM designations WHERE `+active+`) LIMIT 120`, loadAsOf, loadAsOf)
	s.candidates = append(des, held...)
	s.queries = append(s.queries, strs(`SELECT name FROM entities WHERE id IN (`+placeholders(len(des))+`)`, anys(des)...)...)
	s.others = strs(`SELECT id FROM entities WHERE rowid % ? = 7 LIMIT 150`, max(n/150, 8))
	if len(s.queries) == 0 || len(s.candidates) == 0 || len(s.others) == 0 {
		t.Fatalf("store %s: too few entities or designations to sample", path)
	}
	return s
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func anys(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func explainPath(id string) string {
	return "/api/v1/entities/" + url.PathEscape(id) + "/explain?as_of=" + loadAsOf
}

type explanation struct {
	ID     string `json:"id"`
	Proofs []struct {
		Regime string `json:"regime"`
		Status string `json:"status"`
	} `json:"proofs"`
}

func (e explanation) exposed() bool {
	for _, p := range e.Proofs {
		if p.Status != "clear" {
			return true
		}
	}
	return false
}

type searchResult struct {
	Results []struct {
		ID string `json:"id"`
	} `json:"results"`
}

func getJSON(t *testing.T, c *http.Client, u string, v any) int {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
	}
	return resp.StatusCode
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100 // nearest rank
	return sorted[min(max(i, 1), len(sorted))-1]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }

// procStatus reads a field such as VmHWM of /proc/<pid>/status.
func procStatus(t *testing.T, pid int, field string) string {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return "?"
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
