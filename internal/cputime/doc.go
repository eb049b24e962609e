// Package cputime reads the CPU time of the running process, for
// benchmarks that report it beside the wall time (cpu-s/op): on a machine
// shared with other work the CPU time says more than the wall time.
package cputime
