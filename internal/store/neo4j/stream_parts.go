package neo4j

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// Reading a snapshot in parts (StreamSnapshot): a part is one statement
// over one range of entity IDs, read on a session of its own and decoded
// into chunks of plain Go values; streamParts reads up to streamReaders
// parts at once and hands their chunks to the consumer in part order.

// streamRangeRows is the number of entities per range of IDs: with the 1M
// generated graph, 8 ranges of entities and 8 of holdings. A variable for
// the tests, which cut a small graph into many ranges (hooks_test.go).
var streamRangeRows = 125_000

// maxStreamRanges bounds the number of ranges; each costs a statement
// that finds its lower bound (streamBounds).
const maxStreamRanges = 64

// streamReaders is the number of parts read at once: two sessions keep the
// server busy on both cores of the machine the figures were taken on
// while the client decodes (docs/BENCHMARKS.md, "Neo4j at full speed").
// streamAhead more parts may wait, read, for the consumer.
var streamReaders = 2 // a variable for the benchmarks (hooks_test.go)

const streamAhead = 1

// streamChunkRows is the number of rows a reader decodes before it hands
// them over; streamChunks is the number of chunks a part may hold before
// its reader waits for the consumer (enough for a whole range of
// streamRangeRows entities and their holdings).
const (
	streamChunkRows = 4096
	streamChunks    = 128
)

// streamPart is one statement of a streamed read and the decoder of its
// records.
type streamPart struct {
	what   string // "entities", "holdings": for messages
	q      string
	params map[string]any
	// decode appends the row of one record to c. errBadRow means that the
	// row was appended with what is wrong with it, for the consumer to
	// report; the reader stops after it.
	decode func(v []any, c *streamChunk) error
}

// errBadRow: see streamPart.decode.
var errBadRow = errors.New("bad row")

// streamChunk holds decoded rows of one part.
type streamChunk struct {
	ents  []entityRec
	holds []holdingRec
}

func (c *streamChunk) len() int { return len(c.ents) + len(c.holds) }

// entityRec is an entity as StreamSnapshot reads it.
type entityRec struct {
	node     int64 // Neo4j's node id
	id, name string
}

// holdingRec is a holding as StreamSnapshot reads it: its ends as node ids.
type holdingRec struct {
	owner, owned                    int64 // node ids
	share, votes                    graph.Range
	arrangement, source, start, end string
	record                          string // read for a sink that keeps records only
	bad                             string // "share_max is missing": the property that could not be read
}

// streamBounds returns the lower bounds of the second and later ranges of
// entity IDs, in ascending order: about every streamRangeRows-th ID in the
// order of the entity_id index, the number of entities from the counts
// store. Each bound is found from the previous one (one statement per
// bound, each skipping one range's entries of the index: the whole index
// once in all) and cut before its first character from U+E000 up
// (safeBound).
func (s *Store) streamBounds(ctx context.Context) ([]string, error) {
	var n int64
	if err := s.readOnce(ctx, `MATCH (e:Entity) RETURN count(e)`, nil, func(v []any) (err error) {
		n, err = countOf("entity count", v)
		return err
	}); err != nil {
		return nil, fmt.Errorf("count entities: %w", err)
	}
	per := int64(max(streamRangeRows, 1))
	ranges := min((n+per-1)/per, maxStreamRanges)
	if ranges < 2 {
		return nil, nil
	}
	step := n / ranges
	var bounds []string
	prev := ""
	for i := int64(1); i < ranges; i++ {
		q, p := `MATCH (e:Entity) WHERE e.id IS NOT NULL RETURN e.id ORDER BY e.id SKIP $k LIMIT 1`, map[string]any{"k": step}
		if i > 1 {
			q, p["prev"] = `MATCH (e:Entity) WHERE e.id >= $prev RETURN e.id ORDER BY e.id SKIP $k LIMIT 1`, prev
		}
		next := ""
		if err := s.readOnce(ctx, q, p, func(v []any) (err error) {
			next, err = idOf(v[0])
			return err
		}); err != nil {
			return nil, fmt.Errorf("range bounds: %w", err)
		}
		if next == "" || next == prev {
			break // fewer entities than counted
		}
		if b := safeBound(next); b != "" {
			bounds = append(bounds, b)
		}
		prev = next
	}
	slices.Sort(bounds)
	return slices.Compact(bounds), nil
}

// safeBound cuts id before its first character from U+E000 up. Neo4j
// compares strings in two orders: by code point in an index seek and by
// UTF-16 code unit in other comparisons (also when it checks whether a
// range is empty), and the two differ where one string has a character
// above U+FFFF and the other one in U+E000–U+FFFF at the same place. A
// bound without such characters is on the same side of every ID in both
// orders, so the ranges never overlap and leave no ID out whichever way
// the server evaluates them.
func safeBound(id string) string {
	for i, r := range id {
		if r >= 0xE000 {
			return id[:i]
		}
	}
	return id
}

// idRange returns the condition on the id of a node variable that selects
// range i of the ranges that bounds (streamBounds) cut: range 0 below
// bounds[0], range len(bounds) from the last bound on. params is p with lo
// and hi. Read range by range, each in ID order, the IDs come in byte order
// except for IDs with characters above U+FFFF, which may come early
// (never late), as from one ordered statement: entityOrder puts them in
// place.
func idRange(bounds []string, i int, p map[string]any) (cond func(v string) string, params map[string]any) {
	params = make(map[string]any, len(p)+2)
	for k, v := range p {
		params[k] = v
	}
	lo, hi := i > 0, i < len(bounds)
	if lo {
		params["lo"] = bounds[i-1]
	}
	if hi {
		params["hi"] = bounds[i]
	}
	return func(v string) string {
		switch {
		case lo && hi:
			return v + `.id >= $lo AND ` + v + `.id < $hi`
		case lo:
			return v + `.id >= $lo`
		case hi:
			return v + `.id < $hi`
		}
		return v + `.id IS NOT NULL`
	}, params
}

// streamParts reads parts, up to streamReaders at once and at most
// streamReaders+streamAhead ahead of the consumer, each on a session of its
// own. Once the readers have started it calls first, then consume with
// every chunk of every part, part by part in the order of parts, from the
// calling goroutine. It stops at the first error of first, a reader or
// consume, and returns once every reader has stopped.
func (s *Store) streamParts(ctx context.Context, parts []streamPart, first func() error,
	consume func(p *streamPart, c *streamChunk) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	outs := make([]chan *streamChunk, len(parts))
	errs := make([]error, len(parts)) // errs[i] is set before outs[i] is closed
	for i := range outs {
		outs[i] = make(chan *streamChunk, streamChunks)
	}
	free := make(chan *streamChunk, 2*(streamReaders+streamAhead)) // consumed chunks, for the readers to reuse
	ahead := make(chan struct{}, streamReaders+streamAhead)        // parts started and not yet consumed
	slots := make(chan struct{}, streamReaders)                    // parts being read
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range parts {
			select {
			case ahead <- struct{}{}:
			case <-ctx.Done():
			}
			if ctx.Err() == nil {
				select {
				case slots <- struct{}{}:
				case <-ctx.Done():
				}
			}
			if err := ctx.Err(); err != nil {
				for j := i; j < len(parts); j++ {
					errs[j] = err
					close(outs[j])
				}
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.readPart(ctx, &parts[i], outs[i], free)
				close(outs[i])
				<-slots
			}()
		}
	}()

	err := first()
	for i := 0; i < len(parts) && err == nil; i++ {
		for c := range outs[i] {
			if err = consume(&parts[i], c); err != nil {
				break
			}
			c.ents, c.holds = c.ents[:0], c.holds[:0]
			select {
			case free <- c:
			default:
			}
		}
		if err == nil && errs[i] != nil {
			err = fmt.Errorf("%s: %w", parts[i].what, errs[i])
		}
		<-ahead
	}
	cancel()
	wg.Wait()
	return err
}

// readPart runs the statement of p on a session of its own and sends its
// decoded rows to out, streamChunkRows at a time, in chunks taken from free
// when there are any.
func (s *Store) readPart(ctx context.Context, p *streamPart, out chan<- *streamChunk, free <-chan *streamChunk) error {
	next := func() *streamChunk {
		select {
		case c := <-free:
			return c
		default:
			return &streamChunk{}
		}
	}
	c := next()
	send := func() error {
		select {
		case out <- c:
			c = next()
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	err := s.readOnce(ctx, p.q, p.params, func(v []any) error {
		err := p.decode(v, c)
		if err == nil && c.len() >= streamChunkRows {
			err = send()
		}
		return err
	})
	if err == nil || errors.Is(err, errBadRow) {
		if c.len() > 0 {
			return send()
		}
		return nil
	}
	return err
}

// readOnce runs one statement in an auto-commit read (never retried: each
// gets every record once) and calls each with the values of every record.
func (s *Store) readOnce(ctx context.Context, q string, params map[string]any, each func(v []any) error) error {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead,
		DatabaseName: s.cfg.Database, FetchSize: streamFetchSize})
	defer sess.Close(ctx)
	return s.eachRecord(ctx, func() (neo4j.ResultWithContext, error) { return sess.Run(ctx, q, params) }, each)
}

// eachRecord calls each with the values of every record of the result
// that run returns. It returns each's first error as it is, and a
// database error described (or ctx's error, when ctx ended).
func (s *Store) eachRecord(ctx context.Context, run func() (neo4j.ResultWithContext, error), each func(v []any) error) error {
	res, err := run()
	if err == nil {
		for res.Next(ctx) {
			if err = each(res.Record().Values); err != nil {
				return err
			}
		}
		err = res.Err()
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return s.describe(err)
	}
	return nil
}

// nodeIDs maps the node ids of the entities read to their IDs: a slice
// indexed by node id while the ids are dense (as Neo4j allocates them),
// a map for the rest.
type nodeIDs struct {
	dense  []string
	has    []bool
	sparse map[int64]string
}

// maxDenseNode bounds the slice of nodeIDs.
const maxDenseNode = 1 << 30

func (t *nodeIDs) put(node int64, id string) {
	if node >= 0 && node < maxDenseNode && node < int64(2*len(t.dense)+1<<16) {
		if node >= int64(len(t.dense)) {
			n := max(int(node)+1, 2*len(t.dense))
			t.dense = append(t.dense, make([]string, n-len(t.dense))...)
			t.has = append(t.has, make([]bool, n-len(t.has))...)
		}
		t.dense[node], t.has[node] = id, true
		return
	}
	if t.sparse == nil {
		t.sparse = map[int64]string{}
	}
	t.sparse[node] = id
}

func (t *nodeIDs) get(node int64) (string, bool) {
	if node >= 0 && node < int64(len(t.dense)) && t.has[node] {
		return t.dense[node], true
	}
	id, ok := t.sparse[node]
	return id, ok
}
