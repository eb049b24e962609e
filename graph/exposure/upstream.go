package exposure

import (
	"context"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// AnalyzeUpstream analyses the upstream closure of ids in st, which is all
// their verdicts and proofs depend on (DESIGN.md). A store that streams
// the closure (graph.UpstreamStreamer) hands it row by row to a Builder
// that keeps the holdings' records for the proofs (KeepRecords): no Go
// object per entity or holding (issue 15: the 100,000-company chain).
// Another store's Upstream snapshot is analysed as Analyze does. release,
// when not nil, is called once st has been read, before the analysis
// (`ownex explain` closes the store there); its error is returned.
func AnalyzeUpstream(ctx context.Context, st graph.Reader, ids []string, opt Options, release func() error) (*Result, error) {
	if _, err := checkOptions(opt); err != nil {
		return nil, err
	}
	if release == nil {
		release = func() error { return nil }
	}
	if us, ok := st.(graph.UpstreamStreamer); ok {
		b := NewBuilder(opt.AsOf, 0)
		b.KeepRecords()
		if err := us.StreamUpstream(ctx, ids, opt.AsOf, b); err != nil {
			return nil, fmt.Errorf("read upstream of %q: %w", ids, err)
		}
		if err := release(); err != nil {
			return nil, err
		}
		return b.Analyze(opt)
	}
	up, err := st.Upstream(ctx, ids, opt.AsOf)
	if err != nil {
		return nil, fmt.Errorf("read upstream of %q: %w", ids, err)
	}
	if err := release(); err != nil {
		return nil, err
	}
	return Analyze(up, opt)
}
