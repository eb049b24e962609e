package httpapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// Parties in the UI (issue 16 item 3): records joined by strong same-as
// links (RULES.md "Parties and links") are one party. A search lists a
// party once, under the first of its records that matched, with all its
// record ids (SearchHit.Party), and a record without a name of its own (a
// stub made for a cross-reference, named by its id) shows its party's
// name (graph.PartyName).

// errLinksRead stops a snapshot stream once the same-as links are read.
var errLinksRead = errors.New("same-as links read")

// linksSink is a graph.SnapshotSink that keeps the same-as links and stops
// the stream before the entities and holdings.
type linksSink struct{ links []graph.SameAs }

func (l *linksSink) Relations(_ []graph.Designation, _ []graph.Control, same []graph.SameAs) error {
	l.links = same
	return errLinksRead
}
func (l *linksSink) Entity(graph.EntityRow) error    { return errLinksRead }
func (l *linksSink) Holding(*graph.HoldingRow) error { return errLinksRead }

// sameAsLinks reads every same-as link of st from the head of a streamed
// snapshot (no entity or holding is read).
func sameAsLinks(ctx context.Context, st graph.SnapshotStreamer) ([]graph.SameAs, error) {
	sink := &linksSink{}
	if err := st.StreamSnapshot(ctx, "", sink); err != nil && !errors.Is(err, errLinksRead) {
		return nil, fmt.Errorf("read same-as links: %w", err)
	}
	return sink.links, nil
}
