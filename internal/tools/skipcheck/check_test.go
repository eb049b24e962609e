package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// failing is a run with one failed test and one skip that needs nothing.
const failing = `{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"output","Package":"p","Test":"TestA","Output":"    a_test.go:9: got 1, want 2\n"}
{"Action":"output","Package":"p","Test":"TestA","Output":"--- FAIL: TestA (0.00s)\n"}
{"Action":"fail","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestB","Output":"    b_test.go:3: writes a 100 MB file\n"}
{"Action":"skip","Package":"p","Test":"TestB"}
{"Action":"output","Package":"p","Output":"FAIL\tp\t0.01s\n"}
{"Action":"fail","Package":"p"}
`

func TestCheck(t *testing.T) {
	fixture := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct {
		name         string
		in           string
		failed       []string
		required     []string // package test of the required skips
		strict, lax  int      // exit status in strict and lax mode
		echoContains string
	}{
		{name: "neo4j skipped (go test -json of the Neo4j store without a server)", in: fixture("neo4j-skipped.json"),
			required: []string{"github.com/ownex/ownex/internal/store/neo4j TestContract/IdempotentReingest"},
			strict:   1, lax: 0, echoContains: "ok  \tgithub.com/ownex/ownex/internal/store/neo4j"},
		{name: "python skipped (OWNEX_PYTHON without networkx)", in: fixture("python-skipped.json"),
			required: []string{"github.com/ownex/ownex/internal/baseline TestNetworkxLookThrough"}, strict: 1, lax: 0},
		{name: "browser skipped, by its message", in: `{"Action":"output","Package":"q","Test":"TestUI","Output":"    ui_test.go:5: chromium is not installed\n"}
{"Action":"skip","Package":"q","Test":"TestUI"}
`, required: []string{"q TestUI"}, strict: 1, lax: 0},
		{name: "all passed", in: fixture("sqlite-passed.json"), strict: 0, lax: 0},
		{name: "a failed test, an unrelated skip", in: failing, failed: []string{"p TestA", "p"}, strict: 1, lax: 1,
			echoContains: "a_test.go:9: got 1, want 2"},
		{name: "build failure", in: `{"ImportPath":"r [r.test]","Action":"build-output","Output":"r/x.go:1:1: syntax error\n"}
{"ImportPath":"r [r.test]","Action":"build-fail"}
`, failed: []string{"r [r.test] (build failed)"}, strict: 1, lax: 1, echoContains: "syntax error"},
		{name: "a test that never finished", in: `{"Action":"run","Package":"s","Test":"TestP"}
{"Action":"output","Package":"s","Test":"TestP","Output":"panic: boom\n"}
`, failed: []string{"s TestP (did not finish)"}, strict: 1, lax: 1, echoContains: "panic: boom"},
		{name: "unreadable output", in: "go: cannot find main module\n", failed: []string{"unreadable go test output: go: cannot find main module"},
			strict: 1, lax: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var echo bytes.Buffer
			res, err := Check(strings.NewReader(tc.in), &echo)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Failed, tc.failed) {
				t.Errorf("failed %q, want %q", res.Failed, tc.failed)
			}
			var req []string
			for _, s := range res.Required {
				req = append(req, s.Package+" "+s.Test)
			}
			if !reflect.DeepEqual(req, tc.required) {
				t.Errorf("required skips %q, want %q", req, tc.required)
			}
			if !strings.Contains(echo.String(), tc.echoContains) {
				t.Errorf("echo %q lacks %q", echo.String(), tc.echoContains)
			}
			for _, m := range []struct {
				strict bool
				want   int
			}{{true, tc.strict}, {false, tc.lax}} {
				var out bytes.Buffer
				if got := report(res, m.strict, &out); got != m.want {
					t.Errorf("strict=%v: exit %d, want %d\n%s", m.strict, got, m.want, out.String())
				}
			}
		})
	}
}
