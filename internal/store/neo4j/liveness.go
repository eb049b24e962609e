package neo4j

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/procid"
)

// Interrupted loads (graph.Writer). A :Load records the owner token of the
// process that runs it (owner, internal/procid) and a heartbeat (the
// server's timestamp(), in milliseconds) that the loading process
// refreshes every HeartbeatInterval until Commit or Abort, which remove it
// (an interrupted load keeps its last one). A running load is interrupted
// when:
//
//   - it has no owner (recorded by an ownex before owner tokens);
//   - procid.Check says its process is gone (same host, boot and pid
//     namespace; or the host restarted since);
//   - procid cannot tell (another host or pid namespace) and its heartbeat
//     is older than HeartbeatTimeout, measured on the server's clock, so
//     that the hosts' clocks do not matter.
//
// A load whose process is alive on this host stays running whatever its
// heartbeat. Open and Begin store the status (markInterrupted); Loads shows
// it.

// HeartbeatInterval is how often a loading process refreshes its load's
// heartbeat.
const HeartbeatInterval = 30 * time.Second

// HeartbeatTimeout is the age of a heartbeat past which a load of another
// host (or pid namespace) is taken for interrupted: ten missed beats.
const HeartbeatTimeout = 5 * time.Minute

// loadGone reports whether a running load with this owner token and this
// heartbeat age (ms; known false when the load has no heartbeat) is
// interrupted.
func loadGone(owner string, age int64, known bool) bool {
	if owner == "" {
		return true
	}
	switch procid.Check(owner) {
	case procid.Dead:
		return true
	case procid.Alive:
		return false
	}
	return known && age > HeartbeatTimeout.Milliseconds()
}

// cypherRunningLoads reads the running loads with what loadGone needs.
const cypherRunningLoads = `MATCH (l:Load {status: $running})
	RETURN l.id, l.owner, l.heartbeat, timestamp() - l.heartbeat`

var runningNames = colNames("l.id, l.owner, l.heartbeat, timestamp() - l.heartbeat")

// markInterrupted stores as interrupted the running loads that are gone.
// A load whose heartbeat changed since it was read is left alone.
func (s *Store) markInterrupted(ctx context.Context) error {
	var dead []map[string]any
	err := s.read(ctx, cypherRunningLoads, map[string]any{"running": graph.LoadRunning}, func(r *neo4j.Record) error {
		f := newFields(runningNames, r.Values)
		id, owner := f.int(0), f.opt(1)
		beat, known := r.Values[2], r.Values[2] != nil
		var age int64
		if known {
			age = f.int(3)
		}
		if err := f.check(func() string { return fmt.Sprintf("running load %d", id) }); err != nil {
			return err
		}
		if loadGone(owner, age, known) {
			dead = append(dead, map[string]any{"id": id, "heartbeat": beat})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read running loads: %w", err)
	}
	if len(dead) == 0 {
		return nil
	}
	err = s.write(ctx, `UNWIND $dead AS d
		MATCH (l:Load {id: d.id, status: $running})
		WHERE (l.heartbeat IS NULL AND d.heartbeat IS NULL) OR l.heartbeat = d.heartbeat
		SET l.status = $interrupted`,
		map[string]any{"dead": dead, "running": graph.LoadRunning, "interrupted": graph.LoadInterrupted})
	if err != nil {
		return fmt.Errorf("mark interrupted loads: %w", err)
	}
	return nil
}

// heartbeat refreshes a load's heartbeat every HeartbeatInterval until
// stop is called. A failed refresh is not reported: the load's own writes
// fail too when the server is gone, and a missed beat only matters past
// HeartbeatTimeout.
type heartbeat struct {
	stopOnce sync.Once
	quit     chan struct{}
	done     chan struct{}
}

func (s *Store) startHeartbeat(id int64) *heartbeat {
	h := &heartbeat{quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		t := time.NewTicker(HeartbeatInterval)
		defer t.Stop()
		for {
			select {
			case <-h.quit:
				return
			case <-t.C:
				ctx, cancel := context.WithTimeout(context.Background(), HeartbeatInterval)
				_ = s.write(ctx, `MATCH (l:Load {id: $id, status: $running}) SET l.heartbeat = timestamp()`,
					map[string]any{"id": id, "running": graph.LoadRunning})
				cancel()
			}
		}
	}()
	return h
}

// stop ends the heartbeat and waits for a refresh in flight.
func (h *heartbeat) stop() {
	h.stopOnce.Do(func() { close(h.quit) })
	<-h.done
}
