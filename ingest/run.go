package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
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
	// strict mode from the validation pass; 0 when unknown).
	Progress func(done, total int)
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
	Files   []string     // the input files
}

// Run parses files with src and writes the records into w as one load.
//
// In strict mode (the default) Run first parses every file without writing
// anything, so that a bad record fails the run before the store is touched;
// only then does it begin a load and write. Any failure while writing
// aborts the load (the store records it as failed) and is returned. In
// lenient mode bad records are skipped and listed in the report.
func Run(ctx context.Context, w graph.Writer, src Source, files []string, opt Options) (Report, error) {
	rep := Report{Files: files}
	if len(files) == 0 {
		return rep, errors.New("no input files given")
	}
	sum, err := Checksum(files)
	if err != nil {
		return rep, err
	}
	popt := ParseOptions{Lenient: opt.Lenient, BatchSize: opt.BatchSize}
	total := 0
	if !opt.Lenient {
		// Validation pass: parse everything, keep nothing.
		if err := src.Parse(ctx, files, popt, func(b *graph.Batch) error { total += b.Len(); return ctx.Err() }); err != nil {
			return rep, err
		}
	} else {
		popt.Skip = func(e *RowError) { rep.Skipped = append(rep.Skipped, e) }
	}
	meta := graph.LoadMeta{
		Source:   src.Name(),
		Format:   src.Name(),
		Files:    files,
		Checksum: sum,
		Started:  time.Now().UTC(),
	}
	if ls, ok := src.(ListSource); ok {
		list, published, err := ls.ListInfo(ctx, files)
		if err != nil {
			return rep, err
		}
		if published == "" {
			published = graph.Date(meta.Started.Format(graph.DateLayout))
		}
		meta.List, meta.Published = list, published
	}

	load, err := w.Begin(ctx, meta)
	if err != nil {
		return rep, fmt.Errorf("begin load: %w", err)
	}
	abort := func(cause error) (Report, error) {
		if aerr := load.Abort(context.WithoutCancel(ctx), cause); aerr != nil {
			return rep, errors.Join(cause, fmt.Errorf("abort load: %w", aerr))
		}
		return rep, cause
	}
	if id, ok := load.(interface{ ID() int64 }); ok {
		rep.LoadID = id.ID()
	}
	rows := 0
	err = src.Parse(ctx, files, popt, func(b *graph.Batch) error {
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
	if err := load.Commit(ctx, rep.Counts, len(rep.Skipped)); err != nil {
		return abort(fmt.Errorf("commit: %w", err))
	}
	return rep, nil
}

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
