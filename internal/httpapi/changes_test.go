package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/internal/cli"
	"github.com/ownex/ownex/internal/httpapi"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// changesServer serves the demo store after two loads made with
// --changes: load 2 designates demo:sorokina under OFAC (her 40 % of
// Nordvik adds to Dragunov's 60 %; nothing else she holds), load 3 delists
// demo:malkov under OFAC.
func changesServer(t *testing.T, mod func(*httpapi.Options)) *httptestServer {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "demo.db")
	env := cli.Env{Stdout: io.Discard, Stderr: io.Discard}
	if err := cli.Demo(ctx, env, cli.DemoOptions{AsOf: "2025-06-30", Keep: db}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i, body := range []string{
		"entity,regime,program,listed,source\ndemo:sorokina,ofac,RUSSIA-EO14024,2025-01-10,t:1\n",
		"entity,regime,program,listed,delisted,source\ndemo:malkov,ofac,RUSSIA-EO14024,2023-05-19,2025-02-01,demo-sdn:90002\n",
	} {
		f := filepath.Join(dir, fmt.Sprintf("d%d.csv", i))
		if err := os.WriteFile(f, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		err := cli.Ingest(ctx, env, cli.Config{DB: db}, "csv", []string{f},
			cli.IngestOptions{Changes: filepath.Join(dir, fmt.Sprintf("c%d.jsonl", i)), AsOf: "2025-06-30"})
		if err != nil {
			t.Fatal(err)
		}
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &httptestServer{serveStore(t, st, mod).URL}
}

type httptestServer struct{ URL string }

// TestChangeFeed: /api/v1/changes lists the kept lines by load and
// position, pages them with after=next, starts at since= (a load or a
// date), and refuses bad parameters with 400.
func TestChangeFeed(t *testing.T) {
	ts := changesServer(t, nil)
	resp, b := get(t, ts.URL+"/api/v1/changes")
	wantStatus(t, resp, b, 200, "")
	var all httpapi.ChangeFeed
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range all.Changes {
		var l struct {
			Load  int64 `json:"load"`
			ID    string
			After struct{ Status string }
		}
		if err := json.Unmarshal(c.Line, &l); err != nil || l.Load != c.Load || l.ID != c.Entity {
			t.Errorf("line %s of %+v: %v", c.Line, c, err)
		}
		got = append(got, fmt.Sprintf("%d/%d %s %s %s %s", c.Load, c.Seq, c.Regime, c.Change, c.Entity, l.After.Status))
	}
	want := []string{
		"2/0 ofac newly-designated demo:sorokina designated",
		"3/0 ofac delisted demo:malkov clear",
	}
	if len(got) < 2 || got[0] != want[0] || !slices.Contains(got, want[1]) || all.Next != "" {
		t.Fatalf("feed %q (next %q), want it to start with %q and hold %q", got, all.Next, want[0], want[1])
	}
	// Pages of one line, following next, give the same lines.
	var paged []string
	after := ""
	for range 100 {
		resp, b := get(t, ts.URL+"/api/v1/changes?limit=1&since=1&after="+after)
		wantStatus(t, resp, b, 200, "")
		var p httpapi.ChangeFeed
		json.Unmarshal(b, &p)
		for _, c := range p.Changes {
			paged = append(paged, fmt.Sprintf("%d/%d", c.Load, c.Seq))
		}
		if after = p.Next; after == "" {
			break
		}
	}
	if len(paged) != len(all.Changes) {
		t.Errorf("paged %q, want %d lines", paged, len(all.Changes))
	}
	resp, b = get(t, ts.URL+"/api/v1/changes?since=3")
	var since3 httpapi.ChangeFeed
	json.Unmarshal(b, &since3)
	if since3.Since != 3 || len(since3.Changes) == 0 || since3.Changes[0].Load != 3 {
		t.Errorf("since=3: %s", b)
	}
	resp, b = get(t, ts.URL+"/api/v1/changes?since=2999-01-01")
	if !strings.Contains(string(b), `"changes": []`) {
		t.Errorf("since a future date: %s", b)
	}
	for q, want := range map[string]string{"since=yesterday": "since", "after=3": "cursor", "limit=0": "limit"} {
		resp, b := get(t, ts.URL+"/api/v1/changes?"+q)
		wantStatus(t, resp, b, 400, want)
	}
	locked := changesServer(t, func(o *httpapi.Options) { o.RequireToken = true })
	resp, b = get(t, locked.URL+"/api/v1/changes")
	wantStatus(t, resp, b, 401, "bearer token")
}

// TestHomeLatestLoads: the home page lists the latest loads, newest
// first, with the verdicts each changed (or that it kept no report), in
// HTML without inline scripts or styles.
func TestHomeLatestLoads(t *testing.T) {
	ts := changesServer(t, nil)
	resp, b := get(t, ts.URL+"/")
	wantStatus(t, resp, b, 200, "")
	h := string(b)
	i3, i2, i1 := strings.Index(h, `data-load="3"`), strings.Index(h, `data-load="2"`), strings.Index(h, `data-load="1"`)
	if i3 < 0 || i2 < i3 || i1 < i2 {
		t.Fatalf("loads not listed newest first:\n%s", h)
	}
	load2 := h[i2:i1]
	for _, s := range []string{
		`<a href="/entity/demo:sorokina?as_of=2025-06-30">Elena Sorokina</a></td><td>clear</td><td>designated 0</td>`,
		"designation of demo:sorokina (ofac RUSSIA-EO14024) in force by this load, listed 2025-01-10",
		"verdicts changed as of 2025-06-30",
	} {
		if !strings.Contains(load2, s) {
			t.Errorf("load 2 lacks %q:\n%s", s, load2)
		}
	}
	if !strings.Contains(h[i1:], "No change report: loaded without <code>--changes</code>.") {
		t.Errorf("load 1 (the demo, without a report):\n%s", h[i1:])
	}
	if regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]|\sstyle=|<style`).MatchString(h) {
		t.Errorf("inline script or style on the home page")
	}
}

// TestHomeSkippedLoads: the home page says how many records a lenient
// load skipped, and that a list's partial version closed nothing; a load
// that skipped none says nothing of it.
func TestHomeSkippedLoads(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "ownex.db")
	env := cli.Env{Stdout: io.Discard, Stderr: io.Discard}
	for _, f := range []struct{ name, body string }{
		{"ownership.csv", "owner,owned,share\nA,B,10\nA,C,abc\n"},
		{"designations.csv", "entity,regime,program,listed\nX,ofac,SDGT,2020-01-01\n"},
	} {
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, []byte(f.body), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := cli.Ingest(ctx, env, cli.Config{DB: db}, "csv", []string{path}, cli.IngestOptions{Lenient: true}); err != nil {
			t.Fatal(err)
		}
	}
	un, err := os.ReadFile("../../testdata/un/UN_consolidated.xml")
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "un.xml")
	if err := os.WriteFile(cut, un[:len(un)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	if err := cli.Ingest(ctx, env, cli.Config{DB: db}, "un", []string{cut}, cli.IngestOptions{Lenient: true}); cli.ExitCode(err) != 3 {
		t.Fatalf("lenient load of a truncated list: %v, want exit 3", err)
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	resp, b := get(t, serveStore(t, st, nil).URL+"/")
	wantStatus(t, resp, b, 200, "")
	h := string(b)
	i3, i2, i1 := strings.Index(h, `data-load="3"`), strings.Index(h, `data-load="2"`), strings.Index(h, `data-load="1"`)
	if i3 < 0 || i2 < i3 || i1 < i2 {
		t.Fatalf("loads not listed newest first:\n%s", h)
	}
	for _, c := range []struct {
		load, want string
	}{
		{h[i3:i2], `<span class="skipped">1 record(s) skipped (a partial version of the list: nothing closed)</span>`},
		{h[i1:], `<span class="skipped">1 record(s) skipped</span>`},
	} {
		if !strings.Contains(c.load, c.want) {
			t.Errorf("load lacks %q:\n%s", c.want, c.load)
		}
	}
	if strings.Contains(h[i2:i1], "skipped") {
		t.Errorf("a load that skipped nothing says it did:\n%s", h[i2:i1])
	}
}
