package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// A holdingBatch is a run of scanned holdings: the rows' byte strings live
// in buf, addressed by offsets, so that a batch is three allocations
// however many rows it holds.
type holdingBatch struct {
	buf  []byte
	rows []rawHolding
	err  error
}

type rawHolding struct {
	owner, owned, arr, src span
	start, end, record     span
	share, votes           graph.Range
}

type span struct{ off, len uint32 }

func (b *holdingBatch) add(bs []byte) span {
	sp := span{uint32(len(b.buf)), uint32(len(bs))}
	b.buf = append(b.buf, bs...)
	return sp
}

func (b *holdingBatch) bytes(sp span) []byte { return b.buf[sp.off : sp.off+sp.len] }

const (
	batchRows    = 8192
	batchesAhead = 4096 // at most ~33M rows scanned ahead of the consumer
)

// prefetchHoldings starts scanning the holdings valid on asOf on a
// connection of its own and returns a function that hands them, in
// order, to emit, and a function that stops the scan. It returns a nil
// function (and no error) when the second read transaction would not see
// the same store version as tx: the caller then reads them from tx.
func (s *Store) prefetchHoldings(ctx context.Context, tx *sql.Tx, sc scope, asOf graph.Date) (func(func(*graph.HoldingRow) error) error, func(), error) {
	noop := func() {}
	want, err := storeVersion(ctx, tx)
	if err != nil {
		return nil, noop, err
	}
	tx2, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, noop, err
	}
	got, err := storeVersion(ctx, tx2)
	if err != nil || got != want {
		tx2.Rollback()
		return nil, noop, err
	}
	ctx, cancel := context.WithCancel(ctx)
	ch := make(chan *holdingBatch, batchesAhead)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer tx2.Rollback()
		defer close(ch)
		scanBatches(ctx, tx2, sc, asOf, ch)
	}()
	stop := func() { cancel(); <-done }
	consume := func(emit func(*graph.HoldingRow) error) error {
		var row graph.HoldingRow
		for b := range ch {
			if b.err != nil {
				return b.err
			}
			for i := range b.rows {
				r := &b.rows[i]
				row.Owner, row.Owned = b.bytes(r.owner), b.bytes(r.owned)
				row.Arrangement, row.Source = b.bytes(r.arr), b.bytes(r.src)
				row.Start, row.End, row.Record = b.bytes(r.start), b.bytes(r.end), b.bytes(r.record)
				row.Share, row.Votes = r.share, r.votes
				if err := emit(&row); err != nil {
					return err
				}
			}
		}
		return ctx.Err()
	}
	return consume, stop, nil
}

// scanBatches sends the holdings in batches; a scan error ends the stream
// with a batch carrying it.
func scanBatches(ctx context.Context, q queryer, sc scope, asOf graph.Date, ch chan<- *holdingBatch) {
	b := &holdingBatch{rows: make([]rawHolding, 0, batchRows)}
	err := streamHoldings(ctx, q, sc, asOf, func(h *graph.HoldingRow) error {
		b.rows = append(b.rows, rawHolding{owner: b.add(h.Owner), owned: b.add(h.Owned),
			arr: b.add(h.Arrangement), src: b.add(h.Source), start: b.add(h.Start), end: b.add(h.End),
			record: b.add(h.Record), share: h.Share, votes: h.Votes})
		if len(b.rows) == batchRows {
			select {
			case ch <- b:
			case <-ctx.Done():
				return ctx.Err()
			}
			b = &holdingBatch{buf: make([]byte, 0, len(b.buf)), rows: make([]rawHolding, 0, batchRows)}
		}
		return nil
	})
	if err != nil {
		b = &holdingBatch{err: err}
	}
	if len(b.rows) > 0 || b.err != nil {
		select {
		case ch <- b:
		case <-ctx.Done():
		}
	}
}

// storeVersion identifies the version of the store a read transaction
// sees: every load changes the load log's last entry or its status.
func storeVersion(ctx context.Context, q queryer) (string, error) {
	var v string
	err := scanOne(ctx, q, `SELECT count(*) || ':' || coalesce(max(id), 0) || ':' ||
		coalesce((SELECT status || finished FROM loads ORDER BY id DESC LIMIT 1), '') FROM loads`, &v)
	if err != nil {
		return "", fmt.Errorf("store version: %w", err)
	}
	return v, nil
}
