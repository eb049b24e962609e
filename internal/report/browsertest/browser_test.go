package browsertest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/websocket"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/cli"
	"github.com/ownex/ownex/internal/report"
	"github.com/ownex/ownex/internal/store/sqlite"
	"github.com/ownex/ownex/queries"
)

// chromium finds the browser; without one the test skips, except in CI.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (CI=true: the browser test must run; .ci/run installs Debian's chromium)")
	}
	t.Skip("chromium is not installed; apt-get install -y chromium")
	return ""
}

// artifacts is where screenshots are kept.
func artifacts(t *testing.T) string {
	dir := os.Getenv("OWNEX_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "testdata", "screen", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// browser is a headless Chromium driven through the DevTools protocol.
type browser struct {
	cmd  *exec.Cmd
	port string
}

var devtoolsRE = regexp.MustCompile(`DevTools listening on ws://127\.0\.0\.1:(\d+)/`)

func startBrowser(t *testing.T) *browser {
	t.Helper()
	bin := chromium(t)
	// The profile is removed by hand once every chromium process is gone
	// (t.TempDir's cleanup would race with the browser's last writes).
	profile, err := os.MkdirTemp("", "ownex-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run", "--no-default-browser-check",
		"--user-data-dir="+profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
		"--remote-allow-origins=*",
		"--window-size=1280,2000", "about:blank")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its own process group, ended as one
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
		for range 20 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	portc := make(chan string, 1)
	var log bytes.Buffer
	var mu sync.Mutex
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			mu.Lock()
			log.WriteString(sc.Text() + "\n")
			mu.Unlock()
			if m := devtoolsRE.FindStringSubmatch(sc.Text()); m != nil && !sent {
				portc <- m[1]
				sent = true
			}
		}
	}()
	select {
	case p := <-portc:
		return &browser{cmd: cmd, port: p}
	case <-time.After(60 * time.Second):
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("chromium did not open its DevTools port in 60 s:\n%s", log.String())
	}
	return nil
}

// page is one DevTools session on a page target.
type page struct {
	t      *testing.T
	ws     *websocket.Conn
	mu     sync.Mutex
	nextID int
	reply  map[int]chan json.RawMessage
	events chan event
	errs   []string
}

type event struct {
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
}

func (b *browser) newPage(t *testing.T) *page {
	t.Helper()
	// A new tab per page: PUT /json/new (Chromium refuses GET there).
	req, _ := http.NewRequest(http.MethodPut, "http://127.0.0.1:"+b.port+"/json/new?about:blank", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var target struct {
		ID string `json:"id"`
		WS string `json:"webSocketDebuggerUrl"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&target); err != nil || target.WS == "" {
		t.Fatalf("new tab: %+v %v", target, err)
	}
	ws := target.WS
	t.Cleanup(func() {
		if r, err := http.Get("http://127.0.0.1:" + b.port + "/json/close/" + target.ID); err == nil {
			r.Body.Close()
		}
	})
	conn, err := websocket.Dial(ws, "", "http://127.0.0.1/")
	if err != nil {
		t.Fatal(err)
	}
	conn.MaxPayloadBytes = 64 << 20
	p := &page{t: t, ws: conn, reply: map[int]chan json.RawMessage{}, events: make(chan event, 1024)}
	t.Cleanup(func() { conn.Close() })
	go p.read()
	return p
}

func (p *page) read() {
	for {
		var msg struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  json.RawMessage `json:"error"`
			event
		}
		if err := websocket.JSON.Receive(p.ws, &msg); err != nil {
			close(p.events)
			return
		}
		if msg.ID != 0 {
			p.mu.Lock()
			ch := p.reply[msg.ID]
			p.mu.Unlock()
			if msg.Error != nil {
				ch <- json.RawMessage(`{"__error":` + string(msg.Error) + `}`)
			} else {
				ch <- msg.Result
			}
			continue
		}
		p.collect(msg.event)
		select {
		case p.events <- msg.event:
		default:
		}
	}
}

// collect records the events that are errors on the page.
func (p *page) collect(e event) {
	var msg string
	switch e.Method {
	case "Runtime.consoleAPICalled":
		var c struct {
			Type string `json:"type"`
			Args []struct {
				Value       any    `json:"value"`
				Description string `json:"description"`
			} `json:"args"`
		}
		json.Unmarshal(e.Params, &c)
		if c.Type == "error" || c.Type == "assert" {
			var parts []string
			for _, a := range c.Args {
				parts = append(parts, fmt.Sprint(a.Value, a.Description))
			}
			msg = "console." + c.Type + ": " + strings.Join(parts, " ")
		}
	case "Runtime.exceptionThrown":
		msg = "exception: " + string(e.Params)
	case "Log.entryAdded":
		var l struct {
			Entry struct {
				Level  string `json:"level"`
				Source string `json:"source"`
				Text   string `json:"text"`
				URL    string `json:"url"`
			} `json:"entry"`
		}
		json.Unmarshal(e.Params, &l)
		if l.Entry.Level == "error" {
			msg = fmt.Sprintf("log %s: %s %s", l.Entry.Source, l.Entry.Text, l.Entry.URL)
		}
	}
	if msg != "" {
		p.mu.Lock()
		p.errs = append(p.errs, msg)
		p.mu.Unlock()
	}
}

func (p *page) call(method string, params any) json.RawMessage {
	p.t.Helper()
	p.mu.Lock()
	p.nextID++
	id := p.nextID
	ch := make(chan json.RawMessage, 1)
	p.reply[id] = ch
	p.mu.Unlock()
	if params == nil {
		params = map[string]any{}
	}
	if err := websocket.JSON.Send(p.ws, map[string]any{"id": id, "method": method, "params": params}); err != nil {
		p.t.Fatalf("%s: %v", method, err)
	}
	select {
	case r := <-ch:
		if bytes.HasPrefix(r, []byte(`{"__error":`)) {
			p.t.Fatalf("%s: %s", method, r)
		}
		return r
	case <-time.After(60 * time.Second):
		p.t.Fatalf("%s: no reply in 60 s", method)
	}
	return nil
}

// load navigates to url and waits for its load event, then lets late
// console messages arrive.
func (p *page) load(url string) {
	p.t.Helper()
	for _, d := range []string{"Runtime.enable", "Log.enable", "Page.enable"} {
		p.call(d, nil)
	}
	p.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 2000, "deviceScaleFactor": 1, "mobile": false})
	p.call("Page.navigate", map[string]any{"url": url})
	deadline := time.After(60 * time.Second)
	for {
		select {
		case e, ok := <-p.events:
			if !ok {
				p.t.Fatal("DevTools connection closed")
			}
			if e.Method == "Page.loadEventFired" {
				time.Sleep(500 * time.Millisecond)
				return
			}
		case <-deadline:
			p.t.Fatalf("%s: no load event in 60 s", url)
		}
	}
}

func (p *page) eval(expr string) string {
	p.t.Helper()
	r := p.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true})
	var v struct {
		Result struct {
			Value any `json:"value"`
		} `json:"result"`
	}
	json.Unmarshal(r, &v)
	return fmt.Sprint(v.Result.Value)
}

func (p *page) screenshot(path string) {
	p.t.Helper()
	r := p.call("Page.captureScreenshot", map[string]any{"format": "png"})
	var v struct {
		Data string `json:"data"`
	}
	if err := json.Unmarshal(r, &v); err != nil {
		p.t.Fatal(err)
	}
	b, err := base64.StdEncoding.DecodeString(v.Data)
	if err != nil || len(b) < 1000 {
		p.t.Fatalf("screenshot: %d bytes, %v", len(b), err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot kept at %s", path)
}

func (p *page) errors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.errs...)
}

// writeReports writes the screening page of the fixture and the
// whole-store report into dir.
func writeReports(t *testing.T, dir string) (screen, summary string) {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(dir, "fixture.db")
	quiet := cli.Env{Stdout: io.Discard, Stderr: io.Discard}
	if err := cli.Ingest(ctx, quiet, cli.Config{DB: db}, "csv", []string{"../../../testdata/screen/graph"}, cli.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	screen = filepath.Join(dir, "screen.html")
	if err := cli.Screen(ctx, quiet, cli.Config{DB: db}, "../../../testdata/screen/counterparties.csv",
		cli.ScreenOptions{AsOf: "2025-06-30", Out: screen}); err != nil {
		t.Fatal(err)
	}
	summary = filepath.Join(dir, "report.html")
	if err := cli.Report(ctx, quiet, cli.Config{DB: db}, cli.ReportOptions{AsOf: "2025-06-30", Out: summary}); err != nil {
		t.Fatal(err)
	}
	return screen, summary
}

// writeLargeScreen writes a 10,000-row screening page: the fixture's
// screened rows repeated under new refs (the page's size, not the store,
// is what matters to the browser). It reuses the fixture store that
// writeReports loaded into dir.
func writeLargeScreen(t *testing.T, dir string) string {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(dir, "fixture.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in, err := os.ReadFile("../../../testdata/screen/counterparties.csv")
	if err != nil {
		t.Fatal(err)
	}
	var rows []queries.ScreenRow
	if _, err := queries.Screen(ctx, st, queries.ReadCounterparties(bytes.NewReader(in), "counterparties.csv"),
		queries.ScreenOptions{AsOf: "2025-06-30"}, func(r queries.ScreenRow) error {
			rows = append(rows, r)
			return nil
		}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "large.html")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := report.NewScreenHTML(f, report.ScreenMeta{Input: "large.csv", AsOf: "2025-06-30", Regimes: graph.Engines, Generated: time.Now()})
	var stats queries.ScreenStats
	for i := range 10_000 {
		r := rows[i%len(rows)]
		r.Input.Ref, r.Input.Line = fmt.Sprintf("R%05d", i+1), i+2
		stats.Add(&r)
		if err := h.WriteRow(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Close(stats); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReportsRenderInChromium(t *testing.T) {
	b := startBrowser(t)
	out := artifacts(t)
	dir := t.TempDir()
	screen, summary := writeReports(t, dir)
	large := writeLargeScreen(t, dir)

	t.Run("control", func(t *testing.T) {
		// A page with a console error and a missing image must be caught,
		// or the checks below prove nothing.
		bad := filepath.Join(t.TempDir(), "bad.html")
		os.WriteFile(bad, []byte(`<!DOCTYPE html><html><body><img src="missing.png"><script>console.error("deliberate")</script></body></html>`), 0o644)
		p := b.newPage(t)
		p.load("file://" + bad)
		errs := strings.Join(p.errors(), "\n")
		if !strings.Contains(errs, "deliberate") || !strings.Contains(errs, "missing.png") {
			t.Fatalf("the control page's errors were not detected; got:\n%s", errs)
		}
	})
	for _, c := range []struct {
		name, file, shot string
		checks           map[string]string // JS expression -> expected value
	}{
		{"screen", screen, "screen.png", map[string]string{
			`document.querySelectorAll("#rows tbody tr").length`:                      "11",
			`document.querySelectorAll("svg.proof").length > 0`:                       "true",
			`document.querySelectorAll("svg.proof rect").length >= 4`:                 "true",
			`document.querySelector("svg.proof").getBoundingClientRect().width > 100`: "true",
			`document.querySelectorAll("script, link, img, iframe").length`:           "0",
			`performance.getEntriesByType("resource").length`:                         "0",
		}},
		{"large", large, "screen-10000.png", map[string]string{
			`document.querySelectorAll("#rows tbody tr").length`:            "10000",
			`document.querySelectorAll("svg.proof").length > 0`:             "true",
			`document.querySelectorAll("script, link, img, iframe").length`: "0",
			`performance.getEntriesByType("resource").length`:               "0",
		}},
		{"report", summary, "report.png", map[string]string{
			`document.querySelectorAll("table").length >= 5`:                "true",
			`document.body.innerText.includes("Largest exposed groups")`:    "true",
			`document.querySelectorAll("script, link, img, iframe").length`: "0",
			`performance.getEntriesByType("resource").length`:               "0",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := b.newPage(t)
			abs, _ := filepath.Abs(c.file)
			p.load("file://" + abs)
			for expr, want := range c.checks {
				if got := p.eval(expr); got != want {
					t.Errorf("%s = %s, want %s", expr, got, want)
				}
			}
			p.screenshot(filepath.Join(out, c.shot))
			if errs := p.errors(); len(errs) > 0 {
				t.Errorf("%s: %d console/log errors:\n%s", c.name, len(errs), strings.Join(errs, "\n"))
			}
		})
	}
}
