package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ownex/ownex/internal/cli"
	"github.com/ownex/ownex/internal/httpapi"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// TestTimeline checks GET /api/v1/entities/{id}/timeline on the demo
// store: the same intervals as `ownex timeline --format jsonl` (one
// engine, queries.Timeline), the divestment of Lumen Energy on
// 2024-03-01, and the errors.
func TestTimeline(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "demo.db")
	if err := cli.Demo(ctx, cli.Env{Stdout: io.Discard, Stderr: io.Discard}, cli.DemoOptions{AsOf: "2025-06-30", Keep: db}); err != nil {
		t.Fatal(err)
	}
	var lines bytes.Buffer
	if err := cli.Timeline(ctx, cli.Env{Stdout: &lines}, cli.Config{DB: db}, "demo:lumen",
		cli.TimelineOptions{Regime: "ofac,uk", From: "2020-01-01", Format: "jsonl"}); err != nil {
		t.Fatal(err)
	}
	var want []any
	for _, l := range strings.Split(strings.TrimSpace(lines.String()), "\n") {
		var v any
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatal(err)
		}
		want = append(want, v)
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ts := serveStore(t, st, nil)

	resp, b := get(t, ts.URL+"/api/v1/entities/demo:lumen/timeline?regime=ofac,uk&from=2020-01-01")
	wantStatus(t, resp, b, 200, "")
	var body struct {
		ID        string `json:"id"`
		Name      string `json:"name"`
		Intervals []any  `json:"intervals"`
	}
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatal(err)
	}
	if body.ID != "demo:lumen" || body.Name != "Lumen Energy OOO" || !reflect.DeepEqual(body.Intervals, want) {
		t.Errorf("API %s %s %v\nCLI %v", body.ID, body.Name, body.Intervals, want)
	}
	var got []string
	for _, iv := range body.Intervals {
		m := iv.(map[string]any)
		got = append(got, strings.Join([]string{m["regime"].(string), m["status"].(string), str(m["from"]), str(m["to"])}, " "))
	}
	if w := "ofac clear 2020-01-01 2022-04-06|ofac blocked 2022-04-06 2024-03-01|ofac clear 2024-03-01 -|" +
		"uk clear 2020-01-01 2022-03-15|uk owned 2022-03-15 2024-03-01|uk clear 2024-03-01 -"; strings.Join(got, "|") != w {
		t.Errorf("intervals %q, want %q", strings.Join(got, "|"), w)
	}

	for _, tc := range []struct {
		url  string
		code int
		msg  string
	}{
		{"/api/v1/entities/demo:nobody/timeline", 404, "not found"},
		{"/api/v1/entities/demo:lumen/timeline?from=2020-02-30", 400, "from"},
		{"/api/v1/entities/demo:lumen/timeline?to=soon", 400, "to"},
		{"/api/v1/entities/demo:lumen/timeline?from=2022-01-01&to=2021-01-01", 400, "not after"},
		{"/api/v1/entities/demo:lumen/timeline?regime=un", 400, "regime"},
	} {
		resp, b := get(t, ts.URL+tc.url)
		wantStatus(t, resp, b, tc.code, tc.msg)
	}

	locked := serveStore(t, st, func(o *httpapi.Options) { o.RequireToken = true })
	resp, b = get(t, locked.URL+"/api/v1/entities/demo:lumen/timeline")
	wantStatus(t, resp, b, 401, "bearer token")
}

func str(v any) string {
	if v == nil {
		return "-"
	}
	return v.(string)
}
