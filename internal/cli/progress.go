package cli

import (
	"fmt"
	"time"
)

// DefaultProgressEvery is how often a long ingest or screening writes a
// progress line when stderr is not a terminal (a log file, cron's mail):
// a run shorter than this writes none.
const DefaultProgressEvery = 30 * time.Second

// progress reports the rows a long command has done on stderr. On a
// terminal it keeps one line refreshed (and ends it); elsewhere it writes
// a whole line, prefixed with the command's name, at most once per
// Config.ProgressEvery (none when that is 0), so a log shows that a load
// of many minutes is moving and how fast.
type progress struct {
	env   Env
	what  string        // the command, prefixing log lines
	every time.Duration // between log lines; 0: none
	start time.Time
	last  time.Time // of the last log line
	drawn bool      // a terminal line is open
	now   func() time.Time
}

func newProgress(env Env, cfg Config, what string, start time.Time) *progress {
	return &progress{env: env, what: what, every: cfg.ProgressEvery, start: start, last: start, now: time.Now}
}

// report is called with the rows done so far and, when known, the total
// (0 when not).
func (p *progress) report(done, total int) {
	if p == nil || p.env.Stderr == nil {
		return
	}
	now := p.now()
	if !p.env.StderrIsTerminal {
		if p.every <= 0 || now.Sub(p.last) < p.every {
			return
		}
		p.last = now
		fmt.Fprintf(p.env.Stderr, "%s: %s\n", p.what, progressLine(done, total, now.Sub(p.start)))
		return
	}
	p.drawn = true
	fmt.Fprint(p.env.Stderr, "\r"+progressLine(done, total, now.Sub(p.start))+"   ")
}

// end closes the refreshed terminal line, if one was drawn.
func (p *progress) end() {
	if p != nil && p.drawn {
		fmt.Fprintln(p.env.Stderr)
		p.drawn = false
	}
}

// progressLine says the rows done, the rate and, when the total is known,
// the share done and the time left.
func progressLine(done, total int, elapsed time.Duration) string {
	rate := float64(done) / max(elapsed.Seconds(), 1e-9)
	if total > 0 && rate > 0 {
		left := time.Duration(float64(total-done) / rate * float64(time.Second)).Round(time.Second)
		return fmt.Sprintf("%d/%d rows (%.0f%%), %.0f rows/s, %s left", done, total, 100*float64(done)/float64(total), rate, left)
	}
	return fmt.Sprintf("%d rows, %.0f rows/s", done, rate)
}

// progressf writes a one-off message of a command's progress, on a
// terminal only.
func progressf(env Env, format string, args ...any) {
	if env.StderrIsTerminal && env.Stderr != nil {
		fmt.Fprintf(env.Stderr, format, args...)
	}
}
