package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	strict := flag.Bool("strict", os.Getenv("CI") == "true",
		"fail when a test that needs Neo4j, a browser or Python was skipped (default: CI=true)")
	flag.Parse()
	res, err := Check(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "skipcheck:", err)
		os.Exit(1)
	}
	os.Exit(report(res, *strict, os.Stdout))
}

// report prints the summary of res and returns the exit status.
func report(res *Result, strict bool, w io.Writer) int {
	fmt.Fprintf(w, "skipcheck: %d passed, %d failed, %d skipped\n", res.Passed, len(res.Failed), res.Skipped)
	for _, f := range res.Failed {
		fmt.Fprintf(w, "skipcheck: FAIL %s\n", f)
	}
	for _, s := range res.Required {
		fmt.Fprintf(w, "skipcheck: SKIPPED %s %s needs Neo4j, a browser or Python: %s\n", s.Package, s.Test, s.Reason)
	}
	status := 0
	if len(res.Failed) > 0 {
		status = 1
	}
	if len(res.Required) > 0 {
		if strict {
			fmt.Fprintf(w, "skipcheck: %d test(s) that need Neo4j, a browser or Python were skipped; CI cannot pass by skipping\n", len(res.Required))
			status = 1
		} else {
			fmt.Fprintf(w, "skipcheck: warning: %d test(s) that need Neo4j, a browser or Python were skipped (an error with CI=true)\n", len(res.Required))
		}
	}
	return status
}
