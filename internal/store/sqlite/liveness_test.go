package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/procid"
	"github.com/ownex/ownex/internal/store/sqlite"
	"github.com/ownex/ownex/internal/store/storetest"
)

// TestKilledLoads runs the contract of interrupted loads (storetest) on a
// SQLite file, with loads held by child processes (TestHoldLoadHelper).
func TestKilledLoads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ownex.db")
	reopen := func(t *testing.T) graph.Store {
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	storetest.KilledLoads(t, reopen, storetest.Holder("TestHoldLoadHelper", path), func(t *testing.T, _ graph.Store) []string {
		return storedStatuses(t, path)
	})
}

// TestHoldLoadHelper is TestKilledLoads's child process.
func TestHoldLoadHelper(t *testing.T) {
	path := os.Getenv(storetest.HoldVar)
	if path == "" {
		return // run by TestKilledLoads only
	}
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Fatal(storetest.HoldLoad(s, os.Stdout))
}

// storedStatuses reads the status column of the load log as stored.
func storedStatuses(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT status FROM loads ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRunningLoadOwners: a running load recorded without an owner (by an
// ownex before schema version 5) is interrupted; one whose owner token
// does not parse, or names another host, cannot be checked and stays
// running; one of this process stays running. Loads shows it, the next
// Open stores it.
func TestRunningLoadOwners(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ownex.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	owners := []string{"", "not a token", "host=elsewhere&machine=m&boot=b&pidns=x&pid=1&start=1", procid.Self().String()}
	for _, o := range owners {
		if _, err := db.Exec(`INSERT INTO loads (source, format, files, checksum, started, status, owner)
			VALUES ('t', 't', '[]', '', '2026-01-01T00:00:00Z', 'running', ?)`, o); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{graph.LoadInterrupted, graph.LoadRunning, graph.LoadRunning, graph.LoadRunning}
	log, err := s.Loads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range log {
		got = append(got, r.Status)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Loads = %v, want %v", got, want)
	}
	if got := storedStatuses(t, path); !slices.Equal(got, []string{"running", "running", "running", "running"}) {
		t.Errorf("stored before the next Open = %v, want all running", got)
	}
	again, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if got := storedStatuses(t, path); !slices.Equal(got, want) {
		t.Errorf("stored after Open = %v, want %v", got, want)
	}
}
