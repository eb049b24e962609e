package main

import (
	"os"
	"runtime/debug"
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

// limitExplainMemory sets explainMemoryLimit unless GOMEMLIMIT is set.
func limitExplainMemory() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(explainMemoryLimit)
	}
}
