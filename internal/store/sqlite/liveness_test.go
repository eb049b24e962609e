package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/ownex/ownex/graph"
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
