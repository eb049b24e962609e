// Command skipcheck reads the output of `go test -json` on standard input
// and makes sure that CI cannot pass by skipping (issue 15). It prints what
// a quiet `go test` run would (each package's result line, build errors and
// the output of every failed test), then a summary, and exits 1 when a test
// or a package failed, or, in strict mode, when a test that needs Neo4j, a
// browser or Python was skipped. Such a test is one whose skip message
// names one of them (Neo4j, Chromium or a browser, Python or networkx) or
// that lives in a package that exists for one of them (RequiredPackages).
// A test with output but no result (a panic, a timeout) is a failure.
// Strict mode is on when CI=true (.ci/run sets it) or with -strict.
//
//	go test -json ./... | go run ./internal/tools/skipcheck
package main
