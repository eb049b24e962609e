package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/ownex/ownex/graph"
)

// ReplaceSameAs implements graph.SameAsReplacer: in one load (and so one
// transaction), it deletes every same-as link of source and writes links.
// Readers see the old links or the new ones; a failure leaves the old ones
// and logs the load failed.
func (s *Store) ReplaceSameAs(ctx context.Context, source string, links []graph.SameAs) error {
	if err := graph.CheckReplace(source, links); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	gl, err := s.Begin(ctx, graph.LoadMeta{Source: source, Format: source, Started: time.Now().UTC()})
	if err != nil {
		return err
	}
	l := gl.(*load)
	fail := func(err error) error {
		l.Abort(context.WithoutCancel(ctx), err)
		return fmt.Errorf("sqlite: replace same-as links of %q: %w", source, err)
	}
	var r runner = &l.sqlRun
	if l.raw != nil {
		r = l.rawRun
	} else {
		l.sqlRun.ctx = ctx
	}
	r.begin(stDeleteSameAsOf)
	r.text(source)
	if _, err := r.exec(); err != nil {
		return fail(err)
	}
	b := &graph.Batch{SameAs: links}
	if len(links) > 0 {
		if err := l.Write(ctx, b); err != nil {
			return fail(err)
		}
	}
	var c graph.Counts
	c.Add(b)
	return l.Commit(ctx, c, 0)
}
