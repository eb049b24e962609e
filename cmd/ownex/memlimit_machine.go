package main

import (
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/ownex/ownex/internal/cli"
)

// screenMemoryShare is the part of the machine's memory that `ownex
// screen --memory-limit auto` gives the Go runtime as its soft limit.
//
// Why: a screening keeps the whole-store analysis and the match index
// live (about 1 GB at 1M entities, ten times that at 10M), and under the
// collector's default goal the heap grows to twice what is live before it
// is collected. Screening 1,000 rows against the 10M generated store
// peaked at 19.7 GB on a 24 GiB machine (a machine with 16 GiB would have
// killed it); under a limit of 14 GiB it peaked at 15.3 GB and took 174 s
// instead of 169 s, with the same output (docs/BENCHMARKS.md, "Screening
// the 10M store"). Below the limit nothing changes: the 1M store's
// screening peaks at about 2.4 GB. A store whose live heap passes the limit
// makes the collector run more often, at most half the CPU (the runtime's
// cap): slower, not killed. --memory-limit off or a size, or GOMEMLIMIT,
// trade memory for time.
const screenMemoryShare = 0.6

// limitScreenMemory applies --memory-limit for `ownex screen` unless
// GOMEMLIMIT is set: "auto" is screenMemoryShare of machineMemory, or no
// limit where the machine's memory cannot be read (not Linux).
func limitScreenMemory(flag string) error {
	limit, auto, err := parseMemoryLimit(flag)
	if err != nil {
		return cli.Usagef("%v", err)
	}
	if memoryLimitSet() {
		return nil
	}
	if auto {
		m, ok := machineMemory()
		if !ok {
			return nil
		}
		limit = int64(float64(m) * screenMemoryShare)
	}
	debug.SetMemoryLimit(limit)
	return nil
}

// machineMemory is the memory this process may use: the machine's
// (MemTotal of /proc/meminfo), or its control group's limit when that is
// lower (cgroup v2 memory.max, v1 memory.limit_in_bytes); ok is false
// when /proc/meminfo cannot be read.
func machineMemory() (uint64, bool) {
	raw, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	total, err := memTotal(string(raw))
	if err != nil {
		return 0, false
	}
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if raw, err := os.ReadFile(f); err == nil {
			if l, ok := cgroupLimit(string(raw)); ok && l < total {
				total = l
			}
		}
	}
	return total, true
}

// memTotal reads MemTotal (in kB) from the text of /proc/meminfo.
func memTotal(meminfo string) (uint64, error) {
	for line := range strings.Lines(meminfo) {
		rest, ok := strings.CutPrefix(line, "MemTotal:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return 0, fmt.Errorf("/proc/meminfo: MemTotal %q", strings.TrimSpace(rest))
		}
		kb, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil || kb == 0 || kb > math.MaxUint64>>10 {
			return 0, fmt.Errorf("/proc/meminfo: MemTotal %q", strings.TrimSpace(rest))
		}
		return kb << 10, nil
	}
	return 0, fmt.Errorf("/proc/meminfo: no MemTotal")
}

// cgroupLimit reads a control group's memory limit in bytes; ok is false
// for "max" (none) or anything that is not a positive number.
func cgroupLimit(s string) (uint64, bool) {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	return n, err == nil && n > 0
}
