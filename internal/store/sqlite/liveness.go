package sqlite

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"

	sqlitedrv "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/procid"
)

// Interrupted loads (graph.Writer). The load-log row of a load is written
// outside the load's transaction, so a process killed during a load leaves
// its row running. Which running rows are dead is told by the owner token
// each row records (internal/procid): a row whose process is gone, or
// which has no owner (recorded by an ownex before schema version 5), is
// interrupted. A row of a process that procid cannot check (another host
// or pid namespace) stays running: a SQLite file is used by one machine.
// The write lock is no liveness test: a load takes it after its row is
// written and gives it back before Abort writes failed, and any writer
// holds it, not only loads.

// ownerGone reports whether the process of a running load with this owner
// token is gone.
func ownerGone(owner string) bool {
	return owner == "" || procid.Check(owner) == procid.Dead
}

// markInterrupted stores as interrupted the running loads whose process is
// gone. With wait false (Open) it does not wait for the write lock: when
// another process holds it (a load in progress), it stores nothing, and
// Loads still shows those loads as interrupted.
func (s *Store) markInterrupted(ctx context.Context, wait bool) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, owner FROM loads WHERE status = ?`, graph.LoadRunning)
	if err != nil {
		return fmt.Errorf("read running loads: %w", err)
	}
	var dead []int64
	for rows.Next() {
		var id int64
		var owner string
		if err := rows.Scan(&id, &owner); err != nil {
			rows.Close()
			return fmt.Errorf("read running loads: %w", err)
		}
		if ownerGone(owner) {
			dead = append(dead, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read running loads: %w", err)
	}
	if len(dead) == 0 {
		return nil
	}
	ids, err := json.Marshal(dead)
	if err != nil {
		return err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("mark interrupted loads: %w", err)
	}
	defer conn.Close()
	if !wait {
		if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
			return fmt.Errorf("mark interrupted loads: %w", err)
		}
		defer func() {
			if _, err := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA busy_timeout = %d`, busyTimeout)); err != nil {
				// Never give the pool a connection that does not wait.
				conn.Raw(func(any) error { return driver.ErrBadConn })
			}
		}()
	}
	// The status test keeps a load that ended meanwhile as it ended.
	_, err = conn.ExecContext(ctx, `UPDATE loads SET status = ? WHERE status = ? AND id IN (SELECT value FROM json_each(?))`,
		graph.LoadInterrupted, graph.LoadRunning, string(ids))
	if err != nil && !wait && isBusy(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("mark loads %s interrupted: %w", ids, err)
	}
	return nil
}

// isBusy reports whether err is SQLite's "database is locked".
func isBusy(err error) bool {
	var e *sqlitedrv.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_BUSY
}
