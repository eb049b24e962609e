package ingest

import (
	"context"
	"io"
	"os"

	"github.com/ownex/ownex/graph"
)

// Bad handles a bad record according to o: in strict mode it returns e (the
// parse stops); in lenient mode it passes e to o.Skip, if set, and returns
// nil (the parse goes on).
func (o ParseOptions) Bad(e *RowError) error {
	if !o.Lenient {
		return e
	}
	if o.Skip != nil {
		o.Skip(e)
	}
	return nil
}

// Batcher collects the records of a parse into batches of opt.Size()
// records and passes each batch to emit. A parser appends records to
// Batch() and calls Add after each record (or each group of records that a
// source record gives), or collects one source record's records in Group()
// and calls Commit to keep them in one batch; Flush emits the rest at the
// end of the parse.
//
// A Batcher is not safe for concurrent use.
type Batcher struct {
	ctx   context.Context
	opt   ParseOptions
	size  int
	emit  func(*graph.Batch) error
	batch *graph.Batch
	group *graph.Batch
	n     int
}

// NewBatcher returns a Batcher that emits batches of opt.Size() records to
// emit. ctx is checked by Tick.
func NewBatcher(ctx context.Context, opt ParseOptions, emit func(*graph.Batch) error) *Batcher {
	return &Batcher{ctx: ctx, opt: opt, size: opt.Size(), emit: emit, batch: new(graph.Batch), group: new(graph.Batch)}
}

// Batch returns the batch being filled. It is replaced by a new one at
// each emit, so do not keep it across calls to Add, Commit, AddEach or
// Flush.
func (b *Batcher) Batch() *graph.Batch { return b.batch }

// Add emits the batch being filled when it holds opt.Size() records or
// more. Call it after appending a record (or a group of records that
// must stay together) to Batch().
func (b *Batcher) Add() error {
	if b.batch.Len() >= b.size {
		return b.Flush()
	}
	return nil
}

// Flush emits the batch being filled, if it holds any record.
func (b *Batcher) Flush() error {
	if b.batch.Len() == 0 {
		return nil
	}
	out := b.batch
	b.batch = new(graph.Batch)
	return b.emit(out)
}

// Group returns the records of the source record being converted: append
// to it, then Commit it (the record is good) or Discard it (it is bad).
func (b *Batcher) Group() *graph.Batch { return b.group }

// Commit moves the records of Group() into the batch being filled,
// emitting that batch first when they would not fit, so that the records
// of one source record stay in one batch and no batch holds more than
// opt.Size() records (unless one source record alone gives more). The batch
// is emitted once full. Each kind of record keeps its order.
func (b *Batcher) Commit() error {
	q := b.group
	n := q.Len()
	if n == 0 {
		return nil
	}
	if b.batch.Len() > 0 && b.batch.Len()+n > b.size {
		if err := b.Flush(); err != nil {
			return err
		}
	}
	t := b.batch
	t.Entities = append(t.Entities, q.Entities...)
	t.Designations = append(t.Designations, q.Designations...)
	t.Holdings = append(t.Holdings, q.Holdings...)
	t.Controls = append(t.Controls, q.Controls...)
	t.SameAs = append(t.SameAs, q.SameAs...)
	t.Links = append(t.Links, q.Links...)
	b.Discard()
	return b.Add()
}

// Discard drops the records of Group() (those of a bad source record).
func (b *Batcher) Discard() {
	q := b.group
	q.Entities, q.Designations, q.Holdings = q.Entities[:0], q.Designations[:0], q.Holdings[:0]
	q.Controls, q.SameAs, q.Links = q.Controls[:0], q.SameAs[:0], q.Links[:0]
}

// AddEach appends the records of all one at a time, emitting the batch
// being filled whenever it is full: the entities first, then the
// designations, holdings, controls, same-as records and links, each in
// their order in all. Batch boundaries fall anywhere.
func (b *Batcher) AddEach(all *graph.Batch) error {
	for _, x := range all.Entities {
		b.batch.Entities = append(b.batch.Entities, x)
		if err := b.Add(); err != nil {
			return err
		}
	}
	for _, x := range all.Designations {
		b.batch.Designations = append(b.batch.Designations, x)
		if err := b.Add(); err != nil {
			return err
		}
	}
	for _, x := range all.Holdings {
		b.batch.Holdings = append(b.batch.Holdings, x)
		if err := b.Add(); err != nil {
			return err
		}
	}
	for _, x := range all.Controls {
		b.batch.Controls = append(b.batch.Controls, x)
		if err := b.Add(); err != nil {
			return err
		}
	}
	for _, x := range all.SameAs {
		b.batch.SameAs = append(b.batch.SameAs, x)
		if err := b.Add(); err != nil {
			return err
		}
	}
	for _, x := range all.Links {
		b.batch.Links = append(b.batch.Links, x)
		if err := b.Add(); err != nil {
			return err
		}
	}
	return nil
}

// Bad handles a bad record: see ParseOptions.Bad.
func (b *Batcher) Bad(e *RowError) error { return b.opt.Bad(e) }

// Tick counts one source record and, every every-th record (counted over
// the whole parse), returns the context's error, if any, so that a long
// parse stops soon after its context is done.
func (b *Batcher) Tick(every int) error {
	b.n++
	if b.n%every == 0 {
		return b.ctx.Err()
	}
	return nil
}

// EachFile opens each of files in turn and calls fn with its name and
// content (read through NewTextReader: bytes that are not UTF-8 become
// U+FFFD), closing it before the next one. It stops at the first error: ctx's error (checked
// before each file), the error of os.Open (which names the file) or the
// error fn returns, as is.
func EachFile(ctx context.Context, files []string, fn func(name string, r io.Reader) error) error {
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := WithFile(name, fn); err != nil {
			return err
		}
	}
	return nil
}

// WithFile opens file name, calls fn with its name and content (read
// through NewTextReader: bytes that are not UTF-8 become U+FFFD) and
// closes it. An error of os.Open, which names the file, or
// of fn is returned as is.
func WithFile(name string, fn func(name string, r io.Reader) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return fn(name, NewTextReader(f))
}
