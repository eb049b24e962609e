package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/ownex/ownex/internal/cli"
)

func main() {
	f, _ := os.Create("/tmp/zz-cpu.pprof")
	pprof.StartCPUProfile(f)
	t0 := time.Now()
	var errb bytes.Buffer
	err := cli.Analyze(context.Background(), cli.Env{Stdout: os.Stdout, Stderr: &errb}, cli.Config{DB: os.Args[1]},
		cli.AnalyzeOptions{Regime: "all", AsOf: "2025-06-30", Format: "jsonl", Out: "/tmp/zz-out.jsonl"})
	pprof.StopCPUProfile()
	fmt.Println(time.Since(t0), err, errb.String())
}
