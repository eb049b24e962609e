package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"
)

// The bulk path of a load runs on a connection of its own, opened through
// the SQLite C API that modernc.org/sqlite is built on
// (modernc.org/sqlite/lib), instead of on a database/sql connection:
//
//   - a database/sql Exec converts every argument to an interface and
//     checks it, and the driver copies every string into memory it
//     allocates and frees per call; rawStmt copies the text of a row into
//     one buffer and binds it in place (SQLITE_STATIC);
//   - the driver opens its connections in serialized mode
//     (SQLITE_OPEN_FULLMUTEX), which locks the connection's mutex in every
//     bind and step; the load's connection is used by one goroutine at a
//     time and is opened without it (SQLITE_OPEN_NOMUTEX).
//
// The connection is opened on the store's file, in the same process, so
// SQLite's locks and the WAL index are shared with the store's other
// connections as between any two connections.

// rawConn is a connection of the C API.
type rawConn struct {
	tls *libc.TLS
	db  uintptr // *sqlite3
}

// cptr turns the address of C memory (allocated by modernc.org/libc, never
// by Go) into a pointer, without the conversion that go vet's unsafeptr
// check rightly flags for Go memory.
func cptr(p uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&p)) }

// rawPath returns the file name to open for a store path, or false when
// the path names no file that a second connection would share (an
// in-memory database).
func rawPath(path string) (string, bool) {
	name := strings.TrimPrefix(path, "file:")
	if name == "" || name == ":memory:" || strings.HasPrefix(name, ":memory:") {
		return "", false
	}
	return name, true
}

// openRaw opens the database file name, which must exist, with the pragmas
// of the store's connections (Open) but a page cache of cacheKiB.
func openRaw(name string, cacheKiB int) (*rawConn, error) {
	c := &rawConn{tls: libc.NewTLS()}
	cname, err := libc.CString(name)
	if err != nil {
		c.tls.Close()
		return nil, err
	}
	defer libc.Xfree(c.tls, cname)
	out := libc.Xmalloc(c.tls, types.Size_t(unsafe.Sizeof(uintptr(0))))
	if out == 0 {
		c.tls.Close()
		return nil, errors.New("sqlite: out of memory")
	}
	defer libc.Xfree(c.tls, out)
	*(*uintptr)(cptr(out)) = 0
	rc := sqlite3.Xsqlite3_open_v2(c.tls, cname, out, sqlite3.SQLITE_OPEN_READWRITE|sqlite3.SQLITE_OPEN_NOMUTEX, 0)
	c.db = *(*uintptr)(cptr(out))
	if rc != sqlite3.SQLITE_OK {
		err := fmt.Errorf("sqlite: open %s: %s (%d)", name, libc.GoString(sqlite3.Xsqlite3_errstr(c.tls, rc)), rc)
		c.close()
		return nil, err
	}
	sqlite3.Xsqlite3_busy_timeout(c.tls, c.db, busyTimeout)
	for _, q := range []string{
		`PRAGMA synchronous = NORMAL`, `PRAGMA foreign_keys = 0`, `PRAGMA temp_store = MEMORY`,
		fmt.Sprintf(`PRAGMA cache_size = %d`, -cacheKiB),
	} {
		if err := c.exec(q); err != nil {
			c.close()
			return nil, err
		}
	}
	return c, nil
}

// close closes the connection (finalize its statements first).
func (c *rawConn) close() {
	if c.db != 0 {
		sqlite3.Xsqlite3_close_v2(c.tls, c.db)
		c.db = 0
	}
	c.tls.Close()
}

// err returns the connection's error for result code rc.
func (c *rawConn) err(rc int32) error {
	msg := libc.GoString(sqlite3.Xsqlite3_errmsg(c.tls, c.db))
	if msg == "" {
		msg = libc.GoString(sqlite3.Xsqlite3_errstr(c.tls, rc))
	}
	return fmt.Errorf("%s (%d)", msg, rc)
}

// exec runs q, one statement without parameters.
func (c *rawConn) exec(q string) error {
	st, err := c.prepare(q)
	if err != nil {
		return err
	}
	defer st.close()
	st.begin()
	_, err = st.exec()
	return err
}

// inTx reports whether the connection is inside a transaction: SQLite
// rolls a transaction back by itself after some errors (disk full, I/O).
func (c *rawConn) inTx() bool { return sqlite3.Xsqlite3_get_autocommit(c.tls, c.db) == 0 }

// interruptOnDone interrupts the statement that the connection runs when
// ctx is done, until the returned function is called.
func (c *rawConn) interruptOnDone(ctx context.Context) (stop func()) {
	if ctx.Done() == nil {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		select {
		case <-ctx.Done():
			tls := libc.NewTLS()
			sqlite3.Xsqlite3_interrupt(tls, c.db)
			tls.Close()
		case <-done:
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// rawStmt is one prepared statement. Its parameters are bound in order
// (text, int, float) after begin, then exec runs it. Text values are
// copied into a C buffer owned by the statement and bound without a
// further copy (SQLITE_STATIC); the buffer stays valid until the next
// begin.
type rawStmt struct {
	c       *rawConn
	p       uintptr // *sqlite3_stmt
	nparams int
	arg     int32 // parameters bound since begin

	buf     uintptr // C buffer of the bound text values
	size    int     // its size
	used    int     // bytes used since begin
	retired []uintptr
	err     error // first bind error since begin
}

// prepare compiles q, one statement.
func (c *rawConn) prepare(q string) (*rawStmt, error) {
	cq, err := libc.CString(q)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, cq)
	out := libc.Xmalloc(c.tls, types.Size_t(2*unsafe.Sizeof(uintptr(0))))
	if out == 0 {
		return nil, errors.New("sqlite: out of memory")
	}
	defer libc.Xfree(c.tls, out)
	tail := out + unsafe.Sizeof(uintptr(0))
	if rc := sqlite3.Xsqlite3_prepare_v2(c.tls, c.db, cq, -1, out, tail); rc != sqlite3.SQLITE_OK {
		return nil, c.err(rc)
	}
	p := *(*uintptr)(cptr(out))
	if p == 0 {
		return nil, fmt.Errorf("sqlite: no statement in %q", q)
	}
	if rest := *(*uintptr)(cptr(tail)); rest != 0 && *(*byte)(cptr(rest)) != 0 {
		sqlite3.Xsqlite3_finalize(c.tls, p)
		return nil, fmt.Errorf("sqlite: more than one statement in %q", q)
	}
	s := &rawStmt{c: c, p: p, nparams: int(sqlite3.Xsqlite3_bind_parameter_count(c.tls, p))}
	if !s.grow(4096) {
		sqlite3.Xsqlite3_finalize(c.tls, p)
		return nil, errors.New("sqlite: out of memory")
	}
	return s, nil
}

// grow replaces the text buffer by one of at least n bytes. The old
// buffer may still be bound: it is freed at the next begin.
func (s *rawStmt) grow(n int) bool {
	size := max(2*s.size, n, 4096)
	b := libc.Xmalloc(s.c.tls, types.Size_t(size))
	if b == 0 {
		return false
	}
	if s.buf != 0 {
		s.retired = append(s.retired, s.buf)
	}
	s.buf, s.size, s.used = b, size, 0
	return true
}

// begin starts binding a new row of parameters.
func (s *rawStmt) begin() {
	s.arg, s.used, s.err = 0, 0, nil
	for _, b := range s.retired {
		libc.Xfree(s.c.tls, b)
	}
	s.retired = s.retired[:0]
}

func (s *rawStmt) check(rc int32) {
	if rc != sqlite3.SQLITE_OK && s.err == nil {
		s.err = s.c.err(rc)
	}
}

// text binds the next parameter to v (an empty string is ”, not NULL).
func (s *rawStmt) text(v string) {
	s.arg++
	if s.used+len(v) > s.size && !s.grow(len(v)) {
		if s.err == nil {
			s.err = errors.New("sqlite: out of memory")
		}
		return
	}
	p := s.buf + uintptr(s.used)
	copy(unsafe.Slice((*byte)(cptr(p)), len(v)), v)
	s.used += len(v)
	s.check(sqlite3.Xsqlite3_bind_text(s.c.tls, s.p, s.arg, p, int32(len(v)), 0))
}

// int binds the next parameter to v.
func (s *rawStmt) int(v int64) {
	s.arg++
	s.check(sqlite3.Xsqlite3_bind_int64(s.c.tls, s.p, s.arg, v))
}

// float binds the next parameter to v.
func (s *rawStmt) float(v float64) {
	s.arg++
	s.check(sqlite3.Xsqlite3_bind_double(s.c.tls, s.p, s.arg, v))
}

// exec runs the statement with the parameters bound since begin and
// returns the number of rows it changed.
func (s *rawStmt) exec() (int64, error) {
	for {
		row, err := s.step()
		if err != nil {
			return 0, err
		}
		if !row {
			break
		}
	}
	return int64(sqlite3.Xsqlite3_changes(s.c.tls, s.c.db)), nil
}

// step runs the statement to its next row and reports whether there is
// one; at the end, or on an error, the statement is reset.
func (s *rawStmt) step() (bool, error) {
	if s.err != nil {
		return false, s.err
	}
	if int(s.arg) != s.nparams {
		return false, fmt.Errorf("sqlite: %d parameters bound, the statement has %d", s.arg, s.nparams)
	}
	switch rc := sqlite3.Xsqlite3_step(s.c.tls, s.p); rc {
	case sqlite3.SQLITE_ROW:
		return true, nil
	case sqlite3.SQLITE_DONE:
		sqlite3.Xsqlite3_reset(s.c.tls, s.p)
		return false, nil
	default:
		err := s.c.err(rc)
		sqlite3.Xsqlite3_reset(s.c.tls, s.p)
		return false, err
	}
}

// columnInt returns column i of the current row as an integer.
func (s *rawStmt) columnInt(i int) int64 {
	return sqlite3.Xsqlite3_column_int64(s.c.tls, s.p, int32(i))
}

// columnText returns column i of the current row as text.
func (s *rawStmt) columnText(i int) string {
	p := sqlite3.Xsqlite3_column_text(s.c.tls, s.p, int32(i))
	n := sqlite3.Xsqlite3_column_bytes(s.c.tls, s.p, int32(i))
	if p == 0 || n == 0 {
		return ""
	}
	return string(unsafe.Slice((*byte)(cptr(p)), n))
}

// close finalizes the statement and frees its buffers.
func (s *rawStmt) close() {
	if s.p != 0 {
		sqlite3.Xsqlite3_finalize(s.c.tls, s.p)
		s.p = 0
	}
	s.begin()
	if s.buf != 0 {
		libc.Xfree(s.c.tls, s.buf)
		s.buf, s.size = 0, 0
	}
}
