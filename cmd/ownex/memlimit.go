package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ownex/ownex/internal/cli"
)

// explainMemoryLimit is the soft limit on the Go runtime's memory while
// `ownex explain` runs, unless GOMEMLIMIT sets one (issue 15 item 2).
//
// Why: the proof of the end of the 100,000-company chain needs a live
// heap of about 75-85 MB at its peak (the three regimes' analysis and the
// graph, measured with GODEBUG=gctrace=1), but the collector's default
// goal (GOGC=100) lets the heap grow to twice the live heap before it
// collects: 180-195 MB max RSS for `explain --format json`. With this
// limit the collector runs earlier instead, at no measurable cost in time
// there (docs/reliability/proofs.md). A closure so large that its live
// heap nears the limit (some 200,000 companies) makes the collector run
// more often, up to the half of the CPU the runtime allows it: set
// GOMEMLIMIT (e.g. GOMEMLIMIT=off) to trade memory for time then.
const explainMemoryLimit = 150 << 20

// memoryLimitSet reports whether GOMEMLIMIT sets the soft memory limit:
// then ownex sets none of its own.
func memoryLimitSet() bool {
	_, set := os.LookupEnv("GOMEMLIMIT")
	return set
}

// limitExplainMemory sets explainMemoryLimit unless GOMEMLIMIT is set.
func limitExplainMemory() {
	if !memoryLimitSet() {
		debug.SetMemoryLimit(explainMemoryLimit)
	}
}

// Serve's soft memory limit (issue 15 item 2). A server holds what it
// keeps (the search index, the kept analyses) plus what its requests need
// while they run; an explain at a date it does not keep analyses the
// entity's upstream closure (about 100 MB live at the end of the
// 100,000-company chain) and, under the collector's default goal, lets
// the heap grow to twice that before it collects. The governor keeps the
// limit at max(kept+serveHeadroom, 2×kept), where kept is the smallest
// live heap the collector saw over the last serveWindow, so a request's
// garbage is collected within the headroom; and never below 1.5 times
// the heap live at the last collection (liveRoom). That floor matters
// when what is live grows past the headroom — a whole-store analysis
// being built, or kept before the window has seen it kept: under a limit
// at or below the live heap the collector runs without pause (capped by
// the runtime at half the CPU). Measured on the 1M generated store
// (docs/BENCHMARKS.md, "The server's memory governor"): without the
// floor the first entity request of a date took 7.8-8.4 s (2.8 s without
// a limit) and the idle server then spent a third of a core on
// collections for the rest of the window; with it 3.7 s, and nothing
// idle. Twice the live heap (the collector's default goal) was 3.1 s but
// let the 100,000-company chain's explain peak at 250 MB instead of 180;
// 1.5 times keeps it at 198 MB. --memory-limit off, a fixed size, or
// GOMEMLIMIT trade memory for time.
const (
	serveHeadroom = 120 << 20
	serveWindow   = 30 // ticks of serveTick
	serveTick     = time.Second
)

// liveRoom is the floor of the limit for a live heap: 1.5 times it.
func liveRoom(live uint64) int64 { return int64(live + live/2) }

// serveLimit is the soft limit for a server that keeps kept bytes live.
func serveLimit(kept uint64) int64 {
	return int64(max(kept+serveHeadroom, 2*kept))
}

// parseMemoryLimit reads --memory-limit: "auto" (the governor), "off" (no
// limit) or a size in bytes with an optional KiB, MiB or GiB suffix.
func parseMemoryLimit(s string) (limit int64, auto bool, err error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "auto", "":
		return 0, true, nil
	case "off":
		return math.MaxInt64, false, nil
	}
	num, unit := strings.TrimSpace(s), int64(1)
	for _, u := range []struct {
		suffix string
		bytes  int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(num, u.suffix) {
			num, unit = strings.TrimSpace(strings.TrimSuffix(num, u.suffix)), u.bytes
			break
		}
	}
	n, perr := strconv.ParseInt(num, 10, 64)
	if perr != nil || n <= 0 || n > math.MaxInt64/unit {
		return 0, false, fmt.Errorf("--memory-limit %q: want auto, off or a size such as 512MiB", s)
	}
	return n * unit, false, nil
}

// limitServeMemory applies --memory-limit for `ownex serve` unless
// GOMEMLIMIT is set, and for "auto" starts the governor, which stops with
// ctx.
func limitServeMemory(ctx context.Context, flag string) error {
	limit, auto, err := parseMemoryLimit(flag)
	if err != nil {
		return cli.Usagef("%v", err)
	}
	if memoryLimitSet() {
		return nil
	}
	if !auto {
		debug.SetMemoryLimit(limit)
		return nil
	}
	g := &governor{set: debug.SetMemoryLimit, live: liveHeap}
	g.step()
	go func() {
		t := time.NewTicker(serveTick)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				g.step()
			}
		}
	}()
	return nil
}

// governor keeps serve's soft limit at serveLimit of the smallest live
// heap over the last serveWindow readings, and at least liveRoom of the
// last reading.
type governor struct {
	set   func(int64) int64 // debug.SetMemoryLimit
	live  func() uint64     // the live heap as of the last collection
	seen  []uint64          // the last serveWindow readings, oldest first
	limit int64             // the limit set last (0: none yet)
}

// step reads the live heap and sets the limit if it changed.
func (g *governor) step() {
	live := g.live()
	g.seen = append(g.seen, live)
	if len(g.seen) > serveWindow {
		g.seen = g.seen[1:]
	}
	if l := max(serveLimit(slices.Min(g.seen)), liveRoom(live)); l != g.limit {
		g.set(l)
		g.limit = l
	}
}

// liveHeap is the runtime's live heap as of its last collection (0 before
// the first).
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
