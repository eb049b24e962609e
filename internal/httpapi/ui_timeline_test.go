package httpapi_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/sqlite"
	"github.com/ownex/ownex/internal/store/storetest"
)

// TestUIEntityTimeline checks the entity page's timeline strips on the
// demo's Lumen Energy (blocked under OFAC from Dragunov's listing on
// 2022-04-06 until the divestment of 2024-03-01): one strip per regime,
// one band per interval with its status class, a tick per change whose
// title names the events and their records, the events listed with their
// records under the strip, and nothing that a CSP without
// 'unsafe-inline' would block.
func TestUIEntityTimeline(t *testing.T) {
	ts := demoServer(t, nil)
	resp, b := get(t, ts.URL+"/entity/demo:lumen?as_of=2023-01-01")
	page := string(b)
	if resp.StatusCode != 200 {
		t.Fatalf("entity page %d: %s", resp.StatusCode, b)
	}
	strips := regexp.MustCompile(`(?s)<section class="timeline-strip" data-regime="(\w+)">(.*?)</section>`).FindAllStringSubmatch(page, -1)
	var regimes []string
	for _, s := range strips {
		regimes = append(regimes, s[1])
	}
	if strings.Join(regimes, " ") != "ofac uk eu" {
		t.Fatalf("strips %v, want ofac uk eu", regimes)
	}
	ofac := strips[0][2]
	bands := regexp.MustCompile(`<rect class="tl-band st-(\w+)"[^>]*><title>([^<]*)</title>`).FindAllStringSubmatch(ofac, -1)
	var got []string
	for _, m := range bands {
		got = append(got, m[1]+": "+m[2])
	}
	want := []string{
		"clear: clear from since always to 2022-04-06, share 0",
		"blocked: blocked from 2022-04-06 to 2024-03-01, share 60",
		"clear: clear from 2024-03-01 to still in force, share 40",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ofac bands:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	ticks := regexp.MustCompile(`<line class="tl-tick"[^>]*><title>([^<]*)</title>`).FindAllStringSubmatch(ofac, -1)
	if len(ticks) != 2 || !strings.HasPrefix(ticks[0][1], "2022-04-06: designation of demo:dragunov (ofac RUSSIA-EO14024) started 2022-04-06 (listed) [demo-sdn:90001 designations.csv:2]") ||
		!strings.Contains(ticks[1][1], "holding demo:dragunov → demo:lumen 60 % ended 2024-03-01 [demo-egrul:7702345678-2015 ownership.csv:36]") {
		t.Errorf("ofac ticks %q", ticks)
	}
	for _, want := range []string{
		`<li data-date="2022-04-06" data-status="blocked">2022-04-06 → blocked: designation of demo:dragunov (ofac RUSSIA-EO14024) started 2022-04-06 (listed) <span class="muted">[demo-sdn:90001 designations.csv:2]</span></li>`,
		`<line class="tl-asof"`, `<title>as of 2023-01-01</title>`,
	} {
		if !strings.Contains(ofac, want) {
			t.Errorf("ofac strip lacks %q", want)
		}
	}
	unsafe := regexp.MustCompile(`style=|<style|<script|\son\w+=`)
	for _, s := range strips {
		if m := unsafe.FindString(s[2]); m != "" {
			t.Errorf("%s strip has %q", s[1], m)
		}
	}
}

// TestUIEntityTimelineTooLong: an entity whose upstream changes on more
// dates than the page draws gets its page, with a note instead of the
// strips, and the API still gives its whole timeline.
func TestUIEntityTimelineTooLong(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "long.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := &graph.Batch{Entities: []graph.Entity{{ID: "c", Kind: graph.KindCompany, Name: "Long Ltd"}}}
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 205 { // 205 change points
		h := graph.Holding{Owner: fmt.Sprintf("p%d", i), Owned: "c", Share: graph.Exact(graph.PctScale), Votes: graph.Exact(graph.PctScale),
			Span:       graph.Span{Start: graph.Date(start.AddDate(0, 0, 7*i).Format(graph.DateLayout))},
			Provenance: graph.Provenance{Source: "t", Record: fmt.Sprint(i)}}
		b.Holdings = append(b.Holdings, h)
	}
	storetest.Load(t, st, graph.LoadMeta{Source: "t", Format: "t", Started: time.Now().UTC()}, b)
	ts := serveStore(t, st, nil)
	resp, body := get(t, ts.URL+"/entity/c")
	if resp.StatusCode != 200 || !strings.Contains(string(body), `id="timeline-note"`) || strings.Contains(string(body), "timeline-strip") {
		t.Errorf("page %d: want the note and no strip:\n%s", resp.StatusCode, body)
	}
	resp, body = get(t, ts.URL+"/api/v1/entities/c/timeline?regime=ofac")
	wantStatus(t, resp, body, 200, "")
	if !strings.Contains(string(body), `"intervals"`) {
		t.Errorf("API: %s", body)
	}
}
