package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// RequiredPackages are the packages whose every test needs Neo4j, a
// browser or Python: a skip in them is a skip of the real thing.
var RequiredPackages = []string{
	"github.com/ownex/ownex/internal/store/neo4j",
	"github.com/ownex/ownex/internal/baseline",
	"github.com/ownex/ownex/internal/report/browsertest",
}

// needs matches a skip message that names a resource CI must provide.
var needs = regexp.MustCompile(`(?i)neo4j|chromium|browser|python|networkx`)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	ImportPath string
}

// Skip is a skipped test that needed Neo4j, a browser or Python.
type Skip struct {
	Package, Test, Reason string
}

// Result is what a run of `go test -json` showed.
type Result struct {
	Failed   []string // "package TestName", or "package" for a package that failed as a whole
	Required []Skip   // skipped tests that needed Neo4j, a browser or Python
	Passed   int      // tests that passed
	Skipped  int      // tests skipped, required or not
}

// Check reads `go test -json` from r, echoes the quiet test output to w
// and returns what the run showed. A line that is not JSON (go test
// prints some errors before any event) is echoed and counted as a failure:
// a run whose output cannot be read is not a pass.
func Check(r io.Reader, w io.Writer) (*Result, error) {
	res := &Result{}
	outputs := map[string][]string{} // "package\x00test" -> its output lines
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil || e.Action == "" {
			fmt.Fprintf(w, "%s\n", line)
			res.Failed = append(res.Failed, "unreadable go test output: "+string(line))
			continue
		}
		key := e.Package + "\x00" + e.Test
		switch {
		case e.Action == "build-output":
			io.WriteString(w, e.Output)
		case e.Action == "build-fail":
			res.Failed = append(res.Failed, e.ImportPath+" (build failed)")
		case e.Test == "":
			if e.Action == "output" {
				io.WriteString(w, e.Output)
			} else if e.Action == "fail" {
				res.Failed = append(res.Failed, e.Package)
			}
		case e.Action == "output":
			outputs[key] = append(outputs[key], e.Output)
		case e.Action == "pass":
			res.Passed++
			delete(outputs, key)
		case e.Action == "fail":
			io.WriteString(w, strings.Join(outputs[key], ""))
			res.Failed = append(res.Failed, e.Package+" "+e.Test)
			delete(outputs, key)
		case e.Action == "skip":
			res.Skipped++
			msg := skipReason(outputs[key])
			if needs.MatchString(msg) || slices.Contains(RequiredPackages, e.Package) {
				res.Required = append(res.Required, Skip{Package: e.Package, Test: e.Test, Reason: msg})
			}
			delete(outputs, key)
		}
	}
	if err := sc.Err(); err != nil {
		return res, fmt.Errorf("reading go test -json: %w", err)
	}
	// A test with output but no result never finished (a panic, a
	// timeout, a killed binary): its output is shown and it failed.
	for _, key := range slices.Sorted(maps.Keys(outputs)) {
		pkg, test, _ := strings.Cut(key, "\x00")
		io.WriteString(w, strings.Join(outputs[key], ""))
		res.Failed = append(res.Failed, pkg+" "+test+" (did not finish)")
	}
	return res, nil
}

// skipReason is a skipped test's output without its "=== RUN" and
// "--- SKIP" lines, on one line.
func skipReason(lines []string) string {
	var parts []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- SKIP") {
			continue
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, " ")
}
