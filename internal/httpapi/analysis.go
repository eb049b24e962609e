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
	"github.com/ownex/ownex/queries"
)

// errBusy is returned by analysisCache.get when as many whole-store
// analyses as allowed are running: the API answers 503 with Retry-After.
var errBusy = errors.New("too many analyses running")

// analysisCache keeps the whole-store analyses of the last few as-of
// dates (at most size; least recently used out), and the store's match
// index for screenings (matchIndex). Each is a
// queries.Analysis under every engine regime: the verdicts entity
// requests read, and what screenings need besides (the holdings that
// designated parties reach, the same-as parties). Concurrent requests for
// the same date — entity requests and screenings alike — share one
// computation (single flight), and at most cap(slots) computations run at
// once: a request that would start one more gets errBusy. The analyses
// are dropped when the store's load log changes (fresh): another process
// ingested or resolved meanwhile.
type analysisCache struct {
	st      graph.Store
	analyze func(context.Context, graph.Date) (*queries.Analysis, error) // Options.Analyze
	size    int
	slots   chan struct{} // one token per whole-store analysis running
	metrics *metrics
	recheck time.Duration // least time between two reads of the load log

	mu      sync.Mutex
	lru     *list.List // of *analysisEntry, most recent first
	byDate  map[graph.Date]*list.Element
	pending map[graph.Date]*pendingAnalysis
	index   *pendingIndex // the store's match index, kept or being built (nil: neither)
	gen     int           // incremented when the cache is cleared
	stamp   uint64        // hash of the load log at the last check
	checked time.Time     // time of the last check (zero: never)
}

type analysisEntry struct {
	date graph.Date
	res  *queries.Analysis
}

// pendingAnalysis is an analysis being computed, or a kept one (done
// already closed): wait returns it once done.
type pendingAnalysis struct {
	done chan struct{}
	gen  int // the cache generation it was started in
	res  *queries.Analysis
	err  error
}

// closedDone is the done channel of an analysis already kept.
var closedDone = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// newAnalysisCache keeps at most size analyses and runs at most running
// at once (both at least 1).
func newAnalysisCache(st graph.Store, analyze func(context.Context, graph.Date) (*queries.Analysis, error),
	size, running int, recheck time.Duration, m *metrics) *analysisCache {
	return &analysisCache{st: st, analyze: analyze, size: max(size, 1), slots: make(chan struct{}, max(running, 1)),
		recheck: recheck, metrics: m, lru: list.New(),
		byDate: map[graph.Date]*list.Element{}, pending: map[graph.Date]*pendingAnalysis{}}
}

// cached returns the analysis as of d when it is kept (and marks it the
// most recently used); it never starts one.
func (c *analysisCache) cached(ctx context.Context, d graph.Date) (*queries.Analysis, bool, error) {
	if err := c.fresh(ctx); err != nil {
		return nil, false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lookup(d)
}

// lookup is cached under c.mu.
func (c *analysisCache) lookup(d graph.Date) (*queries.Analysis, bool, error) {
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
func (c *analysisCache) get(ctx context.Context, d graph.Date) (*queries.Analysis, error) {
	p, err := c.start(ctx, d)
	if err != nil {
		return nil, err
	}
	return p.wait(ctx)
}

// start is get without the wait: it returns at once the kept analysis as
// of d, the computation running for d (joined), or a new computation in a
// free slot; errBusy when every slot is taken. A background screening
// starts (or is refused) while its upload request is still open, and
// waits afterwards.
func (c *analysisCache) start(ctx context.Context, d graph.Date) (*pendingAnalysis, error) {
	if err := c.fresh(ctx); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if res, ok, _ := c.lookup(d); ok {
		return &pendingAnalysis{done: closedDone, res: res}, nil
	}
	c.metrics.cacheMisses.Inc()
	p, running := c.pending[d]
	if !running {
		select {
		case c.slots <- struct{}{}:
		default:
			return nil, errBusy
		}
		p = &pendingAnalysis{done: make(chan struct{}), gen: c.gen}
		c.pending[d] = p
		go c.compute(d, p)
	}
	return p, nil
}

// wait returns p's analysis once it is done, or ctx's error first.
func (p *pendingAnalysis) wait(ctx context.Context) (*queries.Analysis, error) {
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
	p.res, p.err = c.analyze(context.Background(), d)
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

// pendingIndex is the store's match index for screenings, being built or
// built (done closed).
type pendingIndex struct {
	done chan struct{}
	x    *queries.MatchIndex
	err  error
}

// matchIndex returns the store's match index (queries.MatchIndex): one
// for every screening at every date, built once (single flight, whatever
// the number of screenings waiting) and dropped with the analyses when
// the store changes. Its build reads every entity record but needs no
// slot: at most one runs per state of the store. A failed build is
// retried by the next screening.
func (c *analysisCache) matchIndex(ctx context.Context) (*queries.MatchIndex, error) {
	if err := c.fresh(ctx); err != nil {
		return nil, err
	}
	c.mu.Lock()
	p := c.index
	if p != nil {
		select {
		case <-p.done:
			if p.err != nil {
				p = nil
			}
		default:
		}
	}
	if p == nil {
		p = &pendingIndex{done: make(chan struct{})}
		c.index = p
		go c.buildIndex(p)
	}
	c.mu.Unlock()
	select {
	case <-p.done:
		return p.x, p.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// buildIndex runs without the requester's context, as compute does.
func (c *analysisCache) buildIndex(p *pendingIndex) {
	defer close(p.done)
	p.x, p.err = queries.NewMatchIndex(context.Background(), c.st)
	if p.err != nil {
		p.err = fmt.Errorf("index the entity records: %w", p.err)
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
	c.index = nil
	c.gen++
}
