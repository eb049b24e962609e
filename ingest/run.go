package ingest

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/ownex/ownex/graph"
)

// Options tune Run.
type Options struct {
	// Lenient skips bad records and reports them instead of failing.
	Lenient bool
	// BatchSize is the number of records per write (DefaultBatchSize if
	// <= 0).
	BatchSize int
	// Progress, if set, is called after each batch written with the
	// number of records written so far and the total to write (known in
	// strict mode from the validation pass; 0 when unknown, as in a
	// one-pass load, see Run).
	Progress func(done, total int)
	// AllowMassDelisting commits a complete list version however much of
	// the list it would close (listguards.go).
	AllowMassDelisting bool
}

// ListSource is implemented by sources that read a sanctions list
// published as a whole. ListInfo names the list and the publication date
// of the files (empty when the files carry none: the load date is used).
// Run passes both on in graph.LoadMeta, so that the store treats the load
// as a new version of the list.
type ListSource interface {
	ListInfo(ctx context.Context, files []string) (list string, published graph.Date, err error)
}

// Report is the outcome of Run.
type Report struct {
	LoadID  int64        // the load log id (0 if no load was begun)
	Counts  graph.Counts // records written
	Skipped []*RowError  // records skipped in lenient mode
	// Replaced lists, in lenient mode, each line that held bytes that are
	// not UTF-8, which were read as U+FFFD (CheckUTF8).
	Replaced []*RowError
	Files    []string // the input files
	// Unread lists, in lenient mode, the files that were not read to
	// their end: a skipped error stopped their reading (RowError.Rest),
	// and nothing after it was loaded.
	Unread []string
	// Partial is set when a list load skipped records: the input was not
	// read whole, so the store closed nothing (a partial version, see
	// graph.Load). Unconfirmed is then the number of the list's open
	// designations that the load did not restate and left open.
	Partial     bool
	Unconfirmed int
	List        string // the list loaded (ListSource), if any
}

// Preparer is implemented by loads that can do part of the work of Write
// ahead: Run calls Prepare with every batch, in order, in the goroutine
// that parses, before it calls Write with the batch; Prepare may run while
// Write writes earlier batches.
type Preparer interface {
	Prepare(b *graph.Batch)
}

// Run parses files with src and writes the records into w as one load.
//
// An empty file (CheckNotEmpty) fails the run before anything else, in
// every format and in lenient mode too: it holds no record to skip, and a
// list version read from it would close every designation. So does a
// binary file given as text (CheckNotBinary: a workbook, an archive),
// naming what it is. Then every file
// is checked to be UTF-8 (CheckUTF8): in strict mode the first line that
// is not fails the run at its file and line; in lenient mode its bad bytes
// are read as U+FFFD and each such line is listed in Report.Replaced.
//
// In strict mode (the default) a bad record fails the run and leaves the
// store's data as it was; the load log records the run as a failed load
// with the bad record's error (Report.LoadID is its id). When w's loads
// are atomic (graph.Atomic, as the SQLite store), Run parses and writes in
// one pass and aborts the load at the first bad record (Abort leaves no
// trace but the failed entry of the load log); otherwise it first parses
// every file without writing anything, and a bad record begins a load and
// aborts it at once, before anything is written. Bad input found before
// parsing (an empty file, text that is not UTF-8) is logged as a failed
// load the same way. Any other failure while writing aborts the load (the
// store records it as failed) and is returned. In lenient mode bad records
// are skipped and listed in the report.
//
// A list version dated after the day after the load is refused before it
// begins (ErrFutureVersion, listguards.go).
//
// A complete list version that would delist most of the list (any
// designation while holding none, or at least MassDelistingMin and more
// than it holds) is refused before Commit (listguards.go), unless
// AllowMassDelisting is set: the error wraps ErrMassDelisting.
//
// A list (ListSource) is a complete version only when its files were read
// whole: the parse reached their end and skipped no record (a syntax error
// or a truncated file is a skipped record in lenient mode, and fails a
// strict load). A lenient list load that skipped records is committed as
// a partial version, which closes nothing (graph.Load); the report says so
// (Partial, Unconfirmed).
//
// Parsing and writing overlap: the source parses in a goroutine of its own
// (which also calls the load's Prepare, if it is a Preparer) while the
// batches it has emitted are written, in order.
func Run(ctx context.Context, w graph.Writer, src Source, files []string, opt Options) (Report, error) {
	rep := Report{Files: files}
	if len(files) == 0 {
		return rep, errors.New("no input files given")
	}
	sum, err := Checksum(files)
	if err != nil {
		return rep, err
	}
	meta := graph.LoadMeta{
		Source:   src.Name(),
		Format:   src.Name(),
		Files:    files,
		Checksum: sum,
		Started:  time.Now().UTC(),
	}
	// refuse logs bad input found before the load began as a failed load.
	refuse := func(cause error) (Report, error) {
		if !IsRowError(cause) && !errors.Is(cause, ErrFutureVersion) {
			return rep, cause
		}
		load, err := w.Begin(ctx, meta)
		if err != nil {
			return rep, errors.Join(cause, fmt.Errorf("begin load (to log the failure): %w", err))
		}
		if id, ok := load.(interface{ ID() int64 }); ok {
			rep.LoadID = id.ID()
		}
		if err := load.Abort(context.WithoutCancel(ctx), cause); err != nil {
			return rep, errors.Join(cause, fmt.Errorf("abort load: %w", err))
		}
		return rep, cause
	}
	if err := CheckNotEmpty(files); err != nil {
		return refuse(err)
	}
	if err := CheckNotBinary(files); err != nil {
		return refuse(err)
	}
	bad, err := CheckUTF8(files, !opt.Lenient)
	if err != nil {
		return rep, err
	}
	if !opt.Lenient && len(bad) > 0 {
		return refuse(bad[0])
	}
	rep.Replaced = bad
	popt := ParseOptions{Lenient: opt.Lenient, BatchSize: opt.BatchSize}
	a, onePass := w.(graph.Atomic)
	onePass = onePass && a.AtomicLoads()
	total := 0
	if opt.Lenient {
		popt.Skip = func(e *RowError) {
			rep.Skipped = append(rep.Skipped, e)
			if e.Rest && !slices.Contains(rep.Unread, e.File) {
				rep.Unread = append(rep.Unread, e.File)
			}
		}
	} else if !onePass {
		// Validation pass: parse everything, keep nothing.
		if err := src.Parse(ctx, files, popt, func(b *graph.Batch) error { total += b.Len(); return ctx.Err() }); err != nil {
			return refuse(err)
		}
	}
	if ls, ok := src.(ListSource); ok {
		list, published, err := ls.ListInfo(ctx, files)
		if err != nil {
			return refuse(err)
		}
		if published == "" {
			published = graph.Date(meta.Started.Format(graph.DateLayout))
		}
		if err := checkPublished(files, list, published, meta.Started); err != nil {
			return refuse(err)
		}
		meta.List, meta.Published = list, published
		rep.List = list
	}

	load, err := w.Begin(ctx, meta)
	if err != nil {
		return rep, fmt.Errorf("begin load: %w", err)
	}
	abort := func(cause error) (Report, error) {
		if onePass && !opt.Lenient && IsRowError(cause) {
			// Bad input found while writing: the atomic load's Abort
			// leaves no record of it.
			rep.Counts = graph.Counts{}
		}
		if aerr := load.Abort(context.WithoutCancel(ctx), cause); aerr != nil {
			return rep, errors.Join(cause, fmt.Errorf("abort load: %w", aerr))
		}
		return rep, cause
	}
	if id, ok := load.(interface{ ID() int64 }); ok {
		rep.LoadID = id.ID()
	}
	rows := 0
	var prepare func(*graph.Batch)
	if p, ok := load.(Preparer); ok {
		prepare = p.Prepare
	}
	err = parseWrite(ctx, src, files, popt, prepare, func(b *graph.Batch) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := load.Write(ctx, b); err != nil {
			return fmt.Errorf("write: %w", err)
		}
		rep.Counts.Add(b)
		rows += b.Len()
		if opt.Progress != nil {
			opt.Progress(rows, total)
		}
		return nil
	})
	if err != nil {
		return abort(err)
	}
	if meta.List != "" {
		uc, ok := load.(graph.UnconfirmedCounter)
		switch {
		case len(rep.Skipped) > 0:
			rep.Partial = true
			if ok {
				if rep.Unconfirmed, err = uc.Unconfirmed(ctx); err != nil {
					return abort(err)
				}
			}
		case ok && !opt.AllowMassDelisting:
			closes, err := uc.Unconfirmed(ctx)
			if err != nil {
				return abort(err)
			}
			if err := checkDelisting(files, meta.List, closes, rep.Counts.Designations); err != nil {
				return abort(err)
			}
		}
	}
	if err := load.Commit(ctx, rep.Counts, len(rep.Skipped)); err != nil {
		return abort(fmt.Errorf("commit: %w", err))
	}
	return rep, nil
}

// pipeDepth is the number of parsed batches that may wait to be written.
const pipeDepth = 4

// parseWrite runs src.Parse in a goroutine and calls write with each
// batch it emits, in order, in the calling goroutine; prepare, if not nil,
// is called with each batch in the parsing goroutine before it is passed
// on. It returns the first error of either side; an error of write stops
// the parse (its emit returns the error), an error of the parse is
// returned once the batches emitted before it are written.
func parseWrite(ctx context.Context, src Source, files []string, popt ParseOptions, prepare func(*graph.Batch), write func(*graph.Batch) error) error {
	batches := make(chan *graph.Batch, pipeDepth)
	stop := make(chan struct{})
	parsed := make(chan error, 1)
	go func() {
		defer close(batches)
		parsed <- src.Parse(ctx, files, popt, func(b *graph.Batch) error {
			if prepare != nil {
				select {
				case <-stop:
					return errWriteFailed
				default:
				}
				prepare(b)
			}
			select {
			case batches <- b:
				return nil
			case <-stop:
				return errWriteFailed
			}
		})
	}()
	var werr error
	for b := range batches {
		if werr == nil {
			if werr = write(b); werr != nil {
				close(stop)
			}
		}
	}
	perr := <-parsed
	if werr != nil {
		return werr
	}
	return perr
}

// errWriteFailed stops a parse whose batches can no longer be written.
var errWriteFailed = errors.New("ingest: write failed")

// Checksum returns the hex sha256 over the bytes of files, in order.
func Checksum(files []string) (string, error) {
	h := sha256.New()
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return "", err
		}
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// CheckNotEmpty returns a *RowError (bad input: exit status 2) at line 1
// of the first of files that holds nothing but white space and a UTF-8
// byte-order mark, such as a file of zero bytes.
func CheckNotEmpty(files []string) error {
	for _, name := range files {
		empty, err := isEmpty(name)
		if err != nil {
			return err
		}
		if empty {
			return &RowError{File: name, Line: 1, Reason: "empty file: no record"}
		}
	}
	return nil
}

// isEmpty reports whether the file holds only white space (and a UTF-8
// byte-order mark); it reads up to the first other byte.
func isEmpty(name string) (bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return false, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	if bom, err := r.Peek(3); err == nil && string(bom) == "\xef\xbb\xbf" {
		r.Discard(3)
	}
	for {
		c, err := r.ReadByte()
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			return false, fmt.Errorf("%s: %w", name, err)
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false, nil
		}
	}
}
