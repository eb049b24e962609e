package httpapi

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"sync"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// errBusy is returned by analysisCache.get when as many whole-store
// analyses as allowed are running: the API answers 503 with Retry-After.
var errBusy = errors.New("too many analyses running")

// analysisCache keeps the whole-store analyses of the last few as-of
// dates (at most size; least recently used out). Concurrent requests for
// the same date share one computation (single flight), and at most
// cap(slots) computations run at once: a request that would start one
// more gets errBusy. The analyses are dropped when the store's load log
// changes (fresh): another process ingested or resolved meanwhile.
type analysisCache struct {
	st      graph.Reader
	size    int
	slots   chan struct{} // one token per whole-store analysis running
	metrics *metrics
	recheck time.Duration // least time between two reads of the load log

	mu      sync.Mutex
	lru     *list.List // of *analysisEntry, most recent first
	byDate  map[graph.Date]*list.Element
	pending map[graph.Date]*pendingAnalysis
	gen     int       // incremented when the cache is cleared
	stamp   uint64    // hash of the load log at the last check
	checked time.Time // time of the last check (zero: never)
}

type analysisEntry struct {
	date graph.Date
	res  *exposure.Result
}

type pendingAnalysis struct {
	done chan struct{}
	gen  int // the cache generation it was started in
	res  *exposure.Result
	err  error
}

// newAnalysisCache keeps at most size analyses and runs at most running
// at once (both at least 1).
func newAnalysisCache(st graph.Reader, size, running int, recheck time.Duration, m *metrics) *analysisCache {
	return &analysisCache{st: st, size: max(size, 1), slots: make(chan struct{}, max(running, 1)),
		recheck: recheck, metrics: m, lru: list.New(),
		byDate: map[graph.Date]*list.Element{}, pending: map[graph.Date]*pendingAnalysis{}}
}

// cached returns the analysis as of d when it is kept (and marks it the
// most recently used); it never starts one.
func (c *analysisCache) cached(ctx context.Context, d graph.Date) (*exposure.Result, bool, error) {
	if err := c.fresh(ctx); err != nil {
		return nil, false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lookup(d)
}

// lookup is cached under c.mu.
func (c *analysisCache) lookup(d graph.Date) (*exposure.Result, bool, error) {
	el, ok := c.byDate[d]
	if !ok {
		return nil, false, nil
	}
	c.lru.MoveToFront(el)
	c.metrics.cacheHits.Inc()
	return el.Value.(*analysisEntry).res, true, nil
}

// get returns the analysis of every engine regime as of d: the kept one,
// the one being computed, or a new computation when a slot is free
// (errBusy otherwise).
func (c *analysisCache) get(ctx context.Context, d graph.Date) (*exposure.Result, error) {
	if err := c.fresh(ctx); err != nil {
		return nil, err
	}
	c.mu.Lock()
	if res, ok, _ := c.lookup(d); ok {
		c.mu.Unlock()
		return res, nil
	}
	c.metrics.cacheMisses.Inc()
	p, running := c.pending[d]
	if !running {
		select {
		case c.slots <- struct{}{}:
		default:
			c.mu.Unlock()
			return nil, errBusy
		}
		p = &pendingAnalysis{done: make(chan struct{}), gen: c.gen}
		c.pending[d] = p
		go c.compute(d, p)
	}
	c.mu.Unlock()
	select {
	case <-p.done:
		return p.res, p.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// compute runs without the requester's context: an analysis a client gave
// up on still serves the next one.
// It holds a slot (taken by get) until it ends.
func (c *analysisCache) compute(d graph.Date, p *pendingAnalysis) {
	defer close(p.done)
	defer func() { <-c.slots }()
	ctx := context.Background()
	snap, err := c.st.Snapshot(ctx, d)
	if err == nil {
		p.res, err = exposure.Analyze(snap, exposure.Options{AsOf: d, Regimes: graph.Engines})
	}
	if err != nil {
		p.err = fmt.Errorf("analyze as of %s: %w", d, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending[d] == p {
		delete(c.pending, d)
	}
	if p.err != nil || p.gen != c.gen { // failed, or read before the store changed
		return
	}
	c.byDate[d] = c.lru.PushFront(&analysisEntry{date: d, res: p.res})
	for c.lru.Len() > c.size {
		last := c.lru.Back()
		c.lru.Remove(last)
		delete(c.byDate, last.Value.(*analysisEntry).date)
	}
}

// fresh clears the cache when the store's load log changed since the
// last check, at most once per recheck. Every change to the stored data
// goes through a load (ingest, resolve: graph.Writer), and a load that
// ends changes its record's status and finish time, so an unchanged log
// means unchanged data.
func (c *analysisCache) fresh(ctx context.Context) error {
	c.mu.Lock()
	due := c.checked.IsZero() || time.Since(c.checked) >= c.recheck
	c.mu.Unlock()
	if !due {
		return nil
	}
	loads, err := c.st.Loads(ctx)
	if err != nil {
		return fmt.Errorf("read the load log: %w", err)
	}
	stamp := loadLogStamp(loads)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.checked.IsZero() && stamp != c.stamp {
		c.clear()
	}
	c.stamp, c.checked = stamp, time.Now()
	return nil
}

// loadLogStamp hashes what identifies the state of each load.
func loadLogStamp(loads []graph.LoadRecord) uint64 {
	var h maphash.Hash
	h.SetSeed(stampSeed)
	for _, l := range loads {
		fmt.Fprintf(&h, "%d %s %d %s\n", l.ID, l.Status, l.Finished.UnixNano(), l.Source)
	}
	return h.Sum64()
}

var stampSeed = maphash.MakeSeed()

// clear drops every cached analysis and forgets the computations running
// (they still answer their waiters, but are not kept). c.mu is held.
func (c *analysisCache) clear() {
	c.lru.Init()
	c.byDate = map[graph.Date]*list.Element{}
	c.pending = map[graph.Date]*pendingAnalysis{}
	c.gen++
}
