package main

import (
	"context"
	"errors"
	"math"
	"runtime/debug"
	"testing"

	"github.com/ownex/ownex/internal/cli"
)

func TestParseMemoryLimit(t *testing.T) {
	for _, c := range []struct {
		in    string
		limit int64
		auto  bool
		bad   bool
	}{
		{"auto", 0, true, false},
		{"", 0, true, false},
		{"AUTO", 0, true, false},
		{"off", math.MaxInt64, false, false},
		{"512MiB", 512 << 20, false, false},
		{"2GiB", 2 << 30, false, false},
		{"64 KiB", 64 << 10, false, false},
		{"1000000", 1000000, false, false},
		{"100B", 100, false, false},
		{"0", 0, false, true},
		{"-5MiB", 0, false, true},
		{"lots", 0, false, true},
		{"5TB", 0, false, true},
		{"9999999999GiB", 0, false, true},
	} {
		limit, auto, err := parseMemoryLimit(c.in)
		if (err != nil) != c.bad || limit != c.limit || auto != c.auto {
			t.Errorf("%q: %d, %v, %v; want %d, %v, bad %v", c.in, limit, auto, err, c.limit, c.auto, c.bad)
		}
	}
}

// TestServeLimit: the limit leaves the headroom above what the server
// keeps, and never goes below twice that (the collector's default goal).
func TestServeLimit(t *testing.T) {
	for _, c := range []struct {
		kept uint64
		want int64
	}{
		{0, serveHeadroom},
		{25 << 20, 25<<20 + serveHeadroom},
		{serveHeadroom, 2 * serveHeadroom},
		{1 << 30, 2 << 30},
	} {
		if got := serveLimit(c.kept); got != c.want {
			t.Errorf("serveLimit(%d) = %d, want %d", c.kept, got, c.want)
		}
	}
}

// TestGovernorWindow: the governor follows the smallest live heap of its
// window, so the headroom a request's transient heap gets is bounded, and
// what the server keeps raises the limit once the window has seen only
// it; but the limit never falls below 1.5 times the heap live now: at or
// below it the collector would run without pause, as it did while a
// whole-store analysis grew past a limit the window still held low.
func TestGovernorWindow(t *testing.T) {
	var live uint64
	var set []int64
	g := &governor{set: func(l int64) int64 { set = append(set, l); return 0 }, live: func() uint64 { return live }}
	last := func() int64 { return set[len(set)-1] }
	live = 20 << 20
	g.step()
	if len(set) != 1 || last() != serveLimit(20<<20) {
		t.Fatalf("first step set %v", set)
	}
	live = 50 << 20 // a small request's live heap: within the headroom
	g.step()
	if len(set) != 1 {
		t.Fatalf("a request within the headroom moved the limit: %v", set)
	}
	live = 700 << 20 // a whole-store analysis growing, or kept
	g.step()
	if last() != 1050<<20 {
		t.Fatalf("live 700 MiB: limit %d, want 1.5 times the live heap at once", last())
	}
	live = 30 << 20 // the analysis was garbage: back to the window's smallest
	g.step()
	if last() != serveLimit(20<<20) {
		t.Fatalf("after the request: limit %d, want that of 20 MiB", last())
	}
	live = 500 << 20 // a new kept analysis
	for range serveWindow {
		g.step()
	}
	if last() != serveLimit(500<<20) {
		t.Fatalf("after the window: %v, want the limit of 500 MiB", set)
	}
	live = 100 << 20
	g.step()
	if last() != serveLimit(100<<20) {
		t.Fatalf("after a drop: %v, want the limit of 100 MiB at once", set)
	}
}

func TestMemTotal(t *testing.T) {
	for _, c := range []struct {
		in   string
		want uint64
		bad  bool
	}{
		{"MemTotal:       24590644 kB\nMemFree:  1 kB\n", 24590644 << 10, false},
		{"MemFree:  1 kB\nMemTotal: 1024 kB", 1 << 20, false},
		{"MemFree:  1 kB\n", 0, true},
		{"MemTotal: lots kB\n", 0, true},
		{"MemTotal: 0 kB\n", 0, true},
		{"MemTotal: 1024 MB\n", 0, true},
		{"MemTotal:\n", 0, true},
	} {
		got, err := memTotal(c.in)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("%q: %d, %v; want %d, bad %v", c.in, got, err, c.want, c.bad)
		}
	}
	for _, c := range []struct {
		in   string
		want uint64
		ok   bool
	}{{"max\n", 0, false}, {"8589934592\n", 8 << 30, true}, {"0", 0, false}, {"", 0, false}, {"-1", 0, false}} {
		if got, ok := cgroupLimit(c.in); got != c.want || ok != c.ok {
			t.Errorf("cgroupLimit(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestMemoryLimitFlags: serve and screen set the limit their flag asks
// for (screen's auto: screenMemoryShare of the machine's memory) before
// anything else (here serve then refuses a public address without a
// token, and screen a missing file, both as bad usage), leave GOMEMLIMIT's
// alone, and refuse a malformed flag as bad usage.
func TestMemoryLimitFlags(t *testing.T) {
	t.Chdir(t.TempDir())
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	m, ok := machineMemory()
	if !ok {
		t.Fatal("cannot read the machine's memory (/proc/meminfo)")
	}
	type limitCase struct {
		flag, env string
		want      int64
	}
	for _, cmd := range []struct {
		args  func(flag string) []string
		cases []limitCase
	}{
		{func(flag string) []string {
			return []string{"serve", "--db", "x.db", "--addr", "0.0.0.0:0", "--memory-limit", flag}
		}, []limitCase{
			{"300MiB", "", 300 << 20},
			{"off", "", math.MaxInt64},
			{"300MiB", "1GiB", 123 << 20}, // as if the runtime had read GOMEMLIMIT
		}},
		{func(flag string) []string {
			return []string{"screen", "--db", "x.db", "--memory-limit", flag, "missing.csv"}
		}, []limitCase{
			{"auto", "", int64(float64(m) * screenMemoryShare)},
			{"300MiB", "", 300 << 20},
			{"off", "", math.MaxInt64},
			{"auto", "1GiB", 123 << 20},
		}},
	} {
		for _, c := range cmd.cases {
			t.Run(cmd.args(c.flag)[0]+" "+c.flag+" "+c.env, func(t *testing.T) {
				if c.env != "" {
					t.Setenv("GOMEMLIMIT", c.env)
				}
				debug.SetMemoryLimit(123 << 20)
				err := run(context.Background(), cmd.args(c.flag))
				var usage *cli.UsageError
				if !errors.As(err, &usage) {
					t.Fatalf("%v: %v, want a usage error", cmd.args(c.flag), err)
				}
				if got := debug.SetMemoryLimit(-1); got != c.want {
					t.Errorf("limit %d, want %d", got, c.want)
				}
			})
		}
		var usage *cli.UsageError
		if err := run(context.Background(), cmd.args("plenty")); !errors.As(err, &usage) {
			t.Errorf("%v: %v, want a usage error", cmd.args("plenty"), err)
		}
	}
}
