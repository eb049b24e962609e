package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
)

// The bulk path of a load (every load that is not a list load, on a store
// kept in a file):
//
//   - the transaction runs on a connection of the load's own (rawConn,
//     fastraw.go), opened with a page cache of loadCacheKiB and closed at
//     the end of the load; its statements are the same as those of the
//     database/sql path;
//   - the secondary indexes (not the primary keys nor the unique keys that
//     the upserts need) of the tables that are empty when the load begins
//     are dropped inside the transaction and created again at Commit,
//     before the load log row is marked committed: SQLite builds an index
//     from sorted keys much faster than it maintains it row by row. The
//     store's readers never see the tables without them (they see the
//     state before the load until it commits), and an aborted load rolls
//     the drop back with the rest;
//   - Write checks the load's context before every batch; a cancelled
//     context interrupts the creation of the indexes at Commit.

// loadCacheKiB is the page cache of a bulk load's connection, in KiB: 1 GiB,
// enough for the pages that a load of a million entities writes (the
// store's connections have 64 MiB). Pages beyond are written to the WAL
// before the commit and read back when needed again.
const loadCacheKiB = 1 << 20

// bulkTables are the tables whose secondary indexes a bulk load drops when
// they are empty at its start.
var bulkTables = []string{"designations", "holdings", "controls", "same_as", "links", "identifiers"}

// bulkIndex is an index dropped by a bulk load, with the statement that
// creates it (as sqlite_master keeps it).
type bulkIndex struct{ name, sql string }

// rawRunner runs the load's statements through the C API.
type rawRunner struct {
	stmts [nStmts]*rawStmt
	cur   *rawStmt
}

func (r *rawRunner) begin(st stmtID) { r.cur = r.stmts[st]; r.cur.begin() }
func (r *rawRunner) text(v string)   { r.cur.text(v) }
func (r *rawRunner) int(v int64)     { r.cur.int(v) }
func (r *rawRunner) float(v float64) { r.cur.float(v) }
func (r *rawRunner) exec() (int64, error) {
	return r.cur.exec()
}

// startBulk begins the load on the bulk path. It reports false, with no
// error, when the store's path names no file a second connection can
// open: the caller then takes the database/sql path.
func (l *load) startBulk(ctx context.Context) (ok bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	name, ok := rawPath(l.s.path)
	if !ok {
		return false, nil
	}
	c, err := openRaw(name, loadCacheKiB)
	if err != nil {
		return false, fmt.Errorf("sqlite: begin load: %w", err)
	}
	l.raw = c
	defer func() {
		if err != nil {
			c.exec(`ROLLBACK`)
			l.release()
		}
	}()
	if err := c.exec(`BEGIN IMMEDIATE`); err != nil {
		return false, fmt.Errorf("sqlite: begin load: %w", err)
	}
	for _, o := range []struct {
		rows  *ownedRows
		table string
	}{{&l.aliases, "aliases"}, {&l.idents, "identifiers"}} {
		some, err := l.rawHasRows(o.table)
		if err != nil {
			return false, fmt.Errorf("sqlite: begin load: %w", err)
		}
		o.rows.init(!some)
	}
	if err := l.dropIndexes(); err != nil {
		return false, fmt.Errorf("sqlite: begin load: %w", err)
	}
	r := new(rawRunner)
	l.rawRun = r
	for i, q := range stmtSQL {
		if q == "" {
			continue
		}
		st, err := c.prepare(q)
		if err != nil {
			return false, fmt.Errorf("sqlite: prepare: %w", err)
		}
		r.stmts[i] = st
	}
	return true, nil
}

// rawHasRows reports whether table has a row.
func (l *load) rawHasRows(table string) (bool, error) {
	st, err := l.raw.prepare(`SELECT EXISTS (SELECT 1 FROM ` + table + `)`)
	if err != nil {
		return false, err
	}
	defer st.close()
	st.begin()
	row, err := st.step()
	if err != nil || !row {
		return false, err
	}
	some := st.columnInt(0) != 0
	_, err = st.exec() // to the end
	return some, err
}

// dropIndexes drops, inside the load's transaction, the secondary
// indexes of the bulkTables that are empty, and keeps them in l.bulk.
func (l *load) dropIndexes() error {
	for _, t := range bulkTables {
		some, err := l.rawHasRows(t)
		if err != nil {
			return err
		}
		if some {
			continue
		}
		st, err := l.raw.prepare(`SELECT name, sql FROM sqlite_master
			WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`)
		if err != nil {
			return err
		}
		st.begin()
		st.text(t)
		var idx []bulkIndex
		for {
			row, err := st.step()
			if err != nil {
				st.close()
				return err
			}
			if !row {
				break
			}
			idx = append(idx, bulkIndex{st.columnText(0), st.columnText(1)})
		}
		st.close()
		for _, ix := range idx {
			if err := l.raw.exec(`DROP INDEX "` + strings.ReplaceAll(ix.name, `"`, `""`) + `"`); err != nil {
				return fmt.Errorf("drop index %s: %w", ix.name, err)
			}
			l.bulk = append(l.bulk, ix)
		}
	}
	return nil
}

// writeRaw writes the batch of p on the bulk path.
func (l *load) writeRaw(ctx context.Context, p *plan) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return l.write(ctx, p, l.rawRun)
}

// sorterKiB is the page cache size, in KiB, while a bulk load creates its
// indexes. SQLite's sorter keeps a run in memory up to the cache size and
// then, when temporary files are allowed, hands it to a helper thread that
// sorts it and writes it to a file, while the main thread reads on; the
// runs are merged at the end. With the store's temp_store=MEMORY it sorts
// everything in memory on one thread. So, while the indexes are built,
// the load's connection allows temporary files, two helper threads and a
// small cache, with cache spilling off: the pages the load wrote stay in
// memory (the cache only gives up clean pages), and the sort uses the
// second core. At 1M entities this took the whole load from 9.1-9.5 s to
// 8.2-9.1 s on a quiet machine (docs/BENCHMARKS.md, "SQLite ingest"), and
// the sort's memory is bounded.
const sorterKiB = 4 << 10

// sorterPragmas set up, and restore, the connection for the index step.
var sorterPragmas = [2][]string{
	{`PRAGMA cache_spill = OFF`, `PRAGMA temp_store = FILE`, `PRAGMA threads = 2`,
		fmt.Sprintf(`PRAGMA cache_size = %d`, -sorterKiB)},
	{fmt.Sprintf(`PRAGMA cache_size = %d`, -loadCacheKiB), `PRAGMA threads = 0`,
		`PRAGMA temp_store = MEMORY`, `PRAGMA cache_spill = ON`},
}

// testSorterFails makes the tests' first index built with temporary files
// fail, to check the fallback.
var testSorterFails bool

// createIndexes creates the dropped indexes again. An index that the
// sorter fails to build with temporary files (no writable temporary
// directory, say) is built again in memory.
func (l *load) createIndexes(ctx context.Context) error {
	if len(l.bulk) == 0 {
		return nil
	}
	files := true
	for _, q := range sorterPragmas[0] {
		if err := l.raw.exec(q); err != nil {
			files = false
			break
		}
	}
	restore := func() error {
		for _, q := range sorterPragmas[1] {
			if err := l.raw.exec(q); err != nil {
				return err
			}
		}
		return nil
	}
	stop := l.raw.interruptOnDone(ctx)
	defer stop()
	for _, ix := range l.bulk {
		err := l.raw.exec(ix.sql)
		if err == nil && files && testSorterFails {
			if err = l.raw.exec(`DROP INDEX "` + strings.ReplaceAll(ix.name, `"`, `""`) + `"`); err == nil {
				err = errors.New("test: sorting with temporary files failed")
			}
		}
		if err != nil && files && ctx.Err() == nil && l.raw.inTx() {
			// The failed statement was rolled back, the transaction
			// goes on: sort in memory from now on.
			files = false
			if err = restore(); err == nil {
				err = l.raw.exec(ix.sql)
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				err = errors.Join(ctx.Err(), err)
			}
			return fmt.Errorf("create index %s: %w", ix.name, err)
		}
	}
	return restore()
}

// commitBulk creates the dropped indexes again, records the counts in the
// load log and commits, all in the load's transaction.
func (l *load) commitBulk(ctx context.Context, counts graph.Counts, skipped int) error {
	if err := l.createIndexes(ctx); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if !l.raw.inTx() {
		return errors.New("the transaction was rolled back")
	}
	st, err := l.raw.prepare(`UPDATE loads SET status = ?, finished = ?, entities = ?, designations = ?,
		holdings = ?, controls = ?, same_as = ?, links = ?, skipped = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	st.begin()
	st.text(graph.LoadCommitted)
	st.text(formatTime(time.Now()))
	for _, n := range []int{counts.Entities, counts.Designations, counts.Holdings, counts.Controls,
		counts.SameAs, counts.Links, skipped} {
		st.int(int64(n))
	}
	st.int(l.id)
	_, err = st.exec()
	st.close()
	if err != nil {
		return err
	}
	return l.raw.exec(`COMMIT`)
}

// rollback ends the load's transaction without committing.
func (l *load) rollback() error {
	if l.raw != nil {
		defer l.release()
		if err := l.raw.exec(`ROLLBACK`); err != nil && !strings.Contains(err.Error(), "no transaction is active") {
			return err
		}
		return nil
	}
	if err := l.tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return err
	}
	return nil
}

// release finalizes the bulk path's statements and closes its
// connection, once the transaction has ended.
func (l *load) release() {
	if l.raw == nil {
		return
	}
	if r := l.rawRun; r != nil {
		for _, st := range r.stmts {
			if st != nil {
				st.close()
			}
		}
		l.rawRun = nil
	}
	l.raw.close()
	l.raw = nil
}
