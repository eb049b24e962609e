package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestProgressLines: on a terminal every report redraws one line, ended
// once; elsewhere a whole line prefixed with the command goes out at most
// once per ProgressEvery, none before the first ProgressEvery has passed,
// and none at all when it is 0.
func TestProgressLines(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	calls := []time.Duration{10 * time.Second, 29 * time.Second, 31 * time.Second, 40 * time.Second, 62 * time.Second}
	run := func(terminal bool, every time.Duration) string {
		var b bytes.Buffer
		p := newProgress(Env{Stderr: &b, StderrIsTerminal: terminal}, Config{ProgressEvery: every}, "ingest", t0)
		var at time.Time
		p.now = func() time.Time { return at }
		for i, d := range calls {
			at = t0.Add(d)
			p.report(1000*(i+1), 10000)
		}
		p.end()
		p.end() // a second end adds nothing
		return b.String()
	}

	logged := run(false, 30*time.Second)
	want := "ingest: 3000/10000 rows (30%), 97 rows/s, 1m12s left\n" +
		"ingest: 5000/10000 rows (50%), 81 rows/s, 1m2s left\n"
	if logged != want {
		t.Errorf("log lines:\n%q\nwant\n%q", logged, want)
	}
	if got := run(false, 0); got != "" {
		t.Errorf("ProgressEvery 0 wrote %q", got)
	}
	drawn := run(true, 0)
	if n := strings.Count(drawn, "\r"); n != len(calls) {
		t.Errorf("terminal: %d redraws, want %d: %q", n, len(calls), drawn)
	}
	if strings.Count(drawn, "\n") != 1 || !strings.HasSuffix(drawn, "\n") {
		t.Errorf("terminal line not ended once: %q", drawn)
	}
	if !strings.Contains(drawn, "\r5000/10000 rows (50%), 81 rows/s, 1m2s left") {
		t.Errorf("terminal: %q", drawn)
	}
	if got := progressLine(7, 0, 2*time.Second); got != "7 rows, 4 rows/s" {
		t.Errorf("without a total: %q", got)
	}
}

// TestProgressInLogs: ingest and screen with stderr not a terminal log
// progress lines with their counts when ProgressEvery allows, and write
// nothing of it when it is 0 (as in every other test of this package).
func TestProgressInLogs(t *testing.T) {
	line := regexp.MustCompile(`(?m)^(ingest|screen): \d+(/\d+)? rows`)
	for _, every := range []time.Duration{0, time.Nanosecond} {
		cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db"), ProgressEvery: every}
		var out, ingestErr bytes.Buffer
		if err := Ingest(context.Background(), Env{Stdout: &out, Stderr: &ingestErr}, cfg, "csv", []string{"demodata"}, IngestOptions{}); err != nil {
			t.Fatal(err)
		}
		var screenErr bytes.Buffer
		if err := Screen(context.Background(), Env{Stdout: &out, Stderr: &screenErr}, cfg, "testdata/parquet/counterparties.csv", ScreenOptions{}); err != nil {
			t.Fatal(err)
		}
		for what, stderr := range map[string]string{"ingest": ingestErr.String(), "screen": screenErr.String()} {
			got := line.FindAllString(stderr, -1)
			switch {
			case every == 0 && len(got) > 0:
				t.Errorf("%s with ProgressEvery 0 logged %q", what, got)
			case every > 0 && (len(got) == 0 || !strings.HasPrefix(got[0], what+": ")):
				t.Errorf("%s logged no progress line: %q", what, stderr)
			}
		}
		if every > 0 && !strings.Contains(screenErr.String(), "screen: 4/4 rows (100%)") {
			t.Errorf("screen's last line: %q", screenErr.String())
		}
	}
}
