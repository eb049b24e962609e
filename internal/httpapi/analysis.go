package httpapi

import (
	"container/list"
	"context"
	"fmt"
	"sync"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// analysisCache keeps the whole-store analyses of the last few as-of
// dates (least recently used out). Concurrent requests for the same date
// share one computation.
type analysisCache struct {
	st      graph.Reader
	size    int
	metrics *metrics

	mu      sync.Mutex
	lru     *list.List // of *analysisEntry, most recent first
	byDate  map[graph.Date]*list.Element
	pending map[graph.Date]*pendingAnalysis
}

type analysisEntry struct {
	date graph.Date
	res  *exposure.Result
}

type pendingAnalysis struct {
	done chan struct{}
	res  *exposure.Result
	err  error
}

func newAnalysisCache(st graph.Reader, size int, m *metrics) *analysisCache {
	return &analysisCache{st: st, size: size, metrics: m, lru: list.New(),
		byDate: map[graph.Date]*list.Element{}, pending: map[graph.Date]*pendingAnalysis{}}
}

// get returns the analysis of every engine regime as of d.
func (c *analysisCache) get(ctx context.Context, d graph.Date) (*exposure.Result, error) {
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
		p = &pendingAnalysis{done: make(chan struct{})}
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
	delete(c.pending, d)
	if p.err != nil {
		return
	}
	c.byDate[d] = c.lru.PushFront(&analysisEntry{date: d, res: p.res})
	for c.lru.Len() > c.size {
		last := c.lru.Back()
		c.lru.Remove(last)
		delete(c.byDate, last.Value.(*analysisEntry).date)
	}
}

// clear drops every cached analysis (after the store changed).
func (c *analysisCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Init()
	c.byDate = map[graph.Date]*list.Element{}
}
