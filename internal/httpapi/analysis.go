package httpapi

import (
	"container/list"
	"context"
	"fmt"
	"hash/maphash"
	"sync"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// analysisCache keeps the whole-store analyses of the last few as-of
// dates (least recently used out). Concurrent requests for the same date
// share one computation. The analyses are dropped when the store's load
// log changes (fresh): another process ingested or resolved meanwhile.
type analysisCache struct {
	st      graph.Reader
	size    int
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

func newAnalysisCache(st graph.Reader, size int, recheck time.Duration, m *metrics) *analysisCache {
	return &analysisCache{st: st, size: size, recheck: recheck, metrics: m, lru: list.New(),
		byDate: map[graph.Date]*list.Element{}, pending: map[graph.Date]*pendingAnalysis{}}
}

// get returns the analysis of every engine regime as of d.
func (c *analysisCache) get(ctx context.Context, d graph.Date) (*exposure.Result, error) {
	if err := c.fresh(ctx); err != nil {
		return nil, err
	}
	c.mu.Lock()
	if el, ok := c.byDate[d]; ok {
		c.lru.MoveToFront(el)
		c.mu.Unlock()
		c.metrics.cacheHits.Inc()
		return el.Value.(*analysisEntry).res, nil
	}
	c.metrics.cacheMisses.Inc()
	p, running := c.pending[d]
	if !running {
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
func (c *analysisCache) compute(d graph.Date, p *pendingAnalysis) {
	defer close(p.done)
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
