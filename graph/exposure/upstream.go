package exposure

import (
	"context"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// AnalyzeUpstream analyses the upstream closure of ids in st, which is all
// their verdicts and proofs depend on (DESIGN.md). The store streams the
// closure (graph.UpstreamStreamer, which every graph.Store is) row by row
// into a Builder that keeps the holdings' records for the proofs
// (KeepRecords): no Go object per entity or holding (issue 15: the
// 100,000-company chain). A closure already read as a Snapshot is
// analysed by Analyze. release, when not nil, is called once st has been
// read, before the analysis (`ownex explain` closes the store there); its
// error is returned.
func AnalyzeUpstream(ctx context.Context, st graph.UpstreamStreamer, ids []string, opt Options, release func() error) (*Result, error) {
	if _, err := checkOptions(opt); err != nil {
		return nil, err
	}
	if release == nil {
		release = func() error { return nil }
	}
	b := NewBuilder(opt.AsOf, 0)
	b.KeepRecords()
	if err := st.StreamUpstream(ctx, ids, opt.AsOf, b); err != nil {
		return nil, fmt.Errorf("read upstream of %q: %w", ids, err)
	}
	if err := release(); err != nil {
		return nil, err
	}
	return b.Analyze(opt)
}
