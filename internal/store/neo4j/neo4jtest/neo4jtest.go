// Package neo4jtest gives tests a real, empty Neo4j. The server is the one
// that `make test` starts (deploy/neo4j) and announces in
// OWNEX_TEST_NEO4J_URI. Without that variable the test is skipped, except
// when CI=true, where a missing Neo4j fails the test: CI must never pass by
// skipping the real database.
//
// Neo4j Community has one database, so tests of different packages (which
// `go test` runs in parallel) take turns: Open holds an exclusive file
// lock until the test ends, and wipes the data (not the schema) first.
package neo4jtest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/ownex/ownex/internal/store/neo4j"
)

// URIVar names the environment variable holding the test server's URI.
const URIVar = "OWNEX_TEST_NEO4J_URI"

// Config returns the test server's configuration, skipping or failing the
// test when there is none.
func Config(t testing.TB) neo4j.Config {
	t.Helper()
	uri := os.Getenv(URIVar)
	if uri == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is unset: .ci/run (make test) must start Neo4j", URIVar)
		}
		t.Skipf("%s unset: run `make test` to start a real Neo4j for these tests", URIVar)
	}
	return neo4j.Config{URI: uri, User: os.Getenv("OWNEX_TEST_NEO4J_USER"), Password: os.Getenv("OWNEX_TEST_NEO4J_PASSWORD"), BatchSize: 1000}
}

// Lock takes the cross-process test lock on the server until the test
// ends. There is one lock per server URI.
func Lock(t testing.TB) {
	t.Helper()
	name := strings.NewReplacer(":", "_", "/", "_").Replace(Config(t).URI)
	path := filepath.Join(os.TempDir(), "ownex-neo4j-test-"+name+".lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatalf("neo4j test lock: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatalf("neo4j test lock: %v", err)
	}
	t.Cleanup(func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	})
}

// Open locks the server, opens a store on it and deletes every node.
func Open(t testing.TB) *neo4j.Store {
	t.Helper()
	cfg := Config(t)
	Lock(t)
	ctx := context.Background()
	st, err := neo4j.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open neo4j: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Wipe(ctx); err != nil {
		t.Fatalf("wipe neo4j: %v", err)
	}
	return st
}
