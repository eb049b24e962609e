package neo4j_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/procid"
	"github.com/ownex/ownex/internal/store/neo4j"
	"github.com/ownex/ownex/internal/store/neo4j/neo4jtest"
	"github.com/ownex/ownex/internal/store/storetest"
)

// TestKilledLoads runs the contract of interrupted loads (storetest) on the
// real server, with loads held by child processes (TestHoldLoadHelper).
func TestKilledLoads(t *testing.T) {
	neo4jtest.Open(t) // takes the server and empties it
	cfg := neo4jtest.Config(t)
	reopen := func(t *testing.T) graph.Store {
		s, err := neo4j.Open(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	storetest.KilledLoads(t, reopen, storetest.Holder("TestHoldLoadHelper", "neo4j"), func(t *testing.T, s graph.Store) []string {
		return storedStatuses(t, s.(*neo4j.Store))
	})
}

// TestHoldLoadHelper is TestKilledLoads's child process. It opens the
// server without neo4jtest's lock, which the parent holds.
func TestHoldLoadHelper(t *testing.T) {
	if os.Getenv(storetest.HoldVar) == "" {
		return // run by TestKilledLoads only
	}
	s, err := neo4j.Open(context.Background(), neo4jtest.Config(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Fatal(storetest.HoldLoad(s, os.Stdout))
}

// TestLoadOfAnotherHost: a running load whose process procid cannot check
// (another host) is interrupted once its heartbeat is older than
// HeartbeatTimeout, and stays running before; a load without an owner
// (an older ownex) is interrupted; a load of a live process of this host
// stays running however old its heartbeat; Open stores what Loads shows,
// and a load marked interrupted still commits.
func TestLoadOfAnotherHost(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Open(t)
	other := procid.Owner{Host: "another-host", Machine: "m", Boot: "b", PIDNS: "pid:[1]", PID: 4242, Start: 99}
	cases := []struct {
		name  string
		owner string
		age   time.Duration
		want  string
	}{
		{"another host, heartbeat too old", other.String(), neo4j.HeartbeatTimeout + time.Minute, graph.LoadInterrupted},
		{"another host, recent heartbeat", other.String(), neo4j.HeartbeatTimeout - time.Minute, graph.LoadRunning},
		{"no owner", "", 0, graph.LoadInterrupted},
		{"this process, old heartbeat", procid.Self().String(), 2 * neo4j.HeartbeatTimeout, graph.LoadRunning},
	}
	loads := make([]graph.Load, len(cases))
	var want []string
	for i, c := range cases {
		l, err := s.Begin(ctx, graph.LoadMeta{Source: "t", Format: "t", Files: []string{c.name}, Started: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		loads[i] = l
		want = append(want, c.want)
	}
	// After every Begin, which would mark the loads it finds gone.
	for i, c := range cases {
		if err := neo4j.SetLoadOwner(ctx, s, int64(i+1), c.owner, c.age); err != nil {
			t.Fatal(err)
		}
	}
	log, err := s.Loads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range log {
		if i < len(cases) && r.Status != cases[i].want {
			t.Errorf("%s: Loads shows %s, want %s", cases[i].name, r.Status, cases[i].want)
		}
	}
	if len(log) != len(cases) {
		t.Fatalf("load log has %d loads, want %d", len(log), len(cases))
	}
	if got := storedStatuses(t, s); !slices.Equal(got, []string{"running", "running", "running", "running"}) {
		t.Errorf("stored before the next Open = %v, want all running", got)
	}
	again, err := neo4j.Open(ctx, neo4jtest.Config(t))
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if got := storedStatuses(t, again); !slices.Equal(got, want) {
		t.Errorf("stored after Open = %v, want %v", got, want)
	}
	if err := loads[0].Commit(ctx, graph.Counts{}, 0); err != nil {
		t.Fatal(err)
	}
	if log, err = s.Loads(ctx); err != nil || log[0].Status != graph.LoadCommitted {
		t.Errorf("a load marked interrupted, then committed: %+v, %v; want committed", log, err)
	}
	for _, l := range loads[1:] {
		l.Abort(ctx, nil)
	}
}

// storedStatuses reads the status of each :Load as stored, oldest first.
func storedStatuses(t *testing.T, s *neo4j.Store) []string {
	t.Helper()
	var out []string
	err := s.Query(context.Background(), `MATCH (l:Load) RETURN l.status ORDER BY l.id`, nil, func(_ []string, v []any) error {
		st, _ := v[0].(string)
		out = append(out, st)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
