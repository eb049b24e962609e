package cli

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// noListsWarning matches the warning of warnNoDesignations.
var noListsWarning = regexp.MustCompile(`(?m)^ownex: warning: no designation is in force under .*\n`)

// withoutNoListsWarning returns stderr without that warning.
func withoutNoListsWarning(stderr string) string { return noListsWarning.ReplaceAllString(stderr, "") }

// TestWarnNoDesignations: analyze and screen say on stderr, terminal or
// not, under which of their regimes no designation is in force (every
// verdict clear: a store whose lists were never loaded), and still exit
// 0 with their output, screen's HTML report saying it too; with
// designations under every regime, nothing.
func TestWarnNoDesignations(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, files, designations string
		regime                    string // analyze's --regime
		want                      string // the regimes named; "" for no warning
	}{
		{"no list", "", "", "all", "ofac, uk, eu as of 2025-06-30: every verdict under them is clear"},
		{"ofac only", "", "entity,regime,program,listed\nX,ofac,SDGT,2020-01-01\n", "all", "uk, eu as of 2025-06-30"},
		{"ofac only, asked for ofac", "", "entity,regime,program,listed\nX,ofac,SDGT,2020-01-01\n", "ofac", ""},
		{"un seeds uk and eu", "", "entity,regime,program,listed\nX,ofac,SDGT,2020-01-01\nX,un,QDi,2020-01-01\n", "all", ""},
		{"delisted before the date", "", "entity,regime,program,listed,delisted\nX,ofac,SDGT,2020-01-01,2024-01-01\nX,un,QDi,2020-01-01,\n", "ofac", "ofac as of 2025-06-30: every verdict under it is clear"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "ownership.csv", "owner,owned,share\nX,A,60\n")
			if tc.designations != "" {
				writeFile(t, dir, "designations.csv", tc.designations)
			}
			cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
			mustIngest(t, cfg, dir)
			var out, errb bytes.Buffer
			if err := Analyze(ctx, Env{Stdout: &out, Stderr: &errb}, cfg, AnalyzeOptions{AsOf: "2025-06-30", Regime: tc.regime, Format: "jsonl"}); err != nil {
				t.Fatalf("analyze: %v", err)
			}
			checkNoListsWarning(t, "analyze", errb.String(), tc.want)
			book := filepath.Join(dir, "book.csv")
			writeFile(t, dir, "book.csv", "name\nA\n")
			errb.Reset()
			if err := Screen(ctx, Env{Stdout: &out, Stderr: &errb}, cfg, book, ScreenOptions{AsOf: "2025-06-30", Regime: tc.regime, Format: "jsonl"}); err != nil {
				t.Fatalf("screen: %v", err)
			}
			checkNoListsWarning(t, "screen", errb.String(), tc.want)
			// The HTML report, which a screening files, says it in its head.
			out.Reset()
			if err := Screen(ctx, Env{Stdout: &out, Stderr: io.Discard}, cfg, book, ScreenOptions{AsOf: "2025-06-30", Regime: tc.regime, Format: "html"}); err != nil {
				t.Fatalf("screen: %v", err)
			}
			warned := strings.Contains(out.String(), `<p class="warning">Warning: no designation is in force under `+tc.want)
			if tc.want != "" && !warned || tc.want == "" && strings.Contains(out.String(), `class="warning"`) {
				t.Errorf("html report (want the warning naming %q: %v): %.1500s", tc.want, tc.want != "", out.String())
			}
		})
	}
}

func checkNoListsWarning(t *testing.T, cmd, stderr, want string) {
	t.Helper()
	got := noListsWarning.FindString(stderr)
	switch {
	case want == "" && got != "":
		t.Errorf("%s warned %q, want no warning", cmd, got)
	case want != "" && !strings.Contains(got, "under "+want):
		t.Errorf("%s: stderr %q, want the warning naming %q", cmd, stderr, want)
	}
}
