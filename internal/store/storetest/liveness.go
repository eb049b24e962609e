package storetest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
)

// HoldVar names the environment variable that makes a store's test binary
// the child process of KilledLoads (see HoldLoad).
const HoldVar = "OWNEX_STORETEST_HOLD_LOAD"

// holdingLine is what HoldLoad prints once its load is under way.
const holdingLine = "holding load\n"

// HoldLoad is the child's side of KilledLoads: it begins a load on s,
// writes a batch, prints a line to w, and then waits, the load still
// running, until the process is killed. It returns only on an error.
func HoldLoad(s graph.Store, w io.Writer) error {
	ctx := context.Background()
	l, err := s.Begin(ctx, meta("held"))
	if err != nil {
		return err
	}
	if err := l.Write(ctx, sample()); err != nil {
		return err
	}
	if _, err := io.WriteString(w, holdingLine); err != nil {
		return err
	}
	for {
		time.Sleep(time.Hour)
	}
}

// KilledLoads is the contract of interrupted loads (graph.Writer), run on
// real processes: a load whose process was killed with SIGKILL midway
// (between two writes) is interrupted the next time the store is opened,
// while a load that another live process is running stays running, and
// opening the store does not wait for that load.
//
// open opens the store under test again (the same database, not emptied;
// it must start empty). child returns the command that runs HoldLoad on
// that database in a child process (the store's test binary re-run with
// HoldVar set). stored, when not nil, returns the statuses the store
// holds, oldest load first, to check that Open stored what Loads shows.
func KilledLoads(t *testing.T, open func(t *testing.T) graph.Store, child func(t *testing.T) *exec.Cmd,
	stored func(t *testing.T, s graph.Store) []string) {
	statuses := func(want ...string) graph.Store {
		t.Helper()
		start := time.Now()
		s := open(t)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("opening the store took %s: it waited for the other process's load", d)
		}
		log, err := s.Loads(context.Background())
		if err != nil {
			t.Fatalf("loads: %v", err)
		}
		var got []string
		for _, r := range log {
			got = append(got, r.Status)
			if r.Owner == "" {
				t.Errorf("load %d has no owner token", r.ID)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("load log statuses = %v, want %v", got, want)
		}
		return s
	}
	closeStore := func(s graph.Store) {
		t.Helper()
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	}

	a := startHolder(t, child)
	closeStore(statuses(graph.LoadRunning))

	a.kill(t)
	b := startHolder(t, child)
	closeStore(statuses(graph.LoadInterrupted, graph.LoadRunning))

	b.kill(t)
	s := statuses(graph.LoadInterrupted, graph.LoadInterrupted)
	defer closeStore(s)
	if stored != nil {
		if got, want := stored(t, s), []string{graph.LoadInterrupted, graph.LoadInterrupted}; !slices.Equal(got, want) {
			t.Errorf("stored statuses after Open = %v, want %v", got, want)
		}
	}
	Load(t, s, meta("after"), sample())
	log, err := s.Loads(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 3 || log[0].Status != graph.LoadInterrupted || log[1].Status != graph.LoadInterrupted ||
		log[2].Status != graph.LoadCommitted {
		t.Errorf("load log after a new load = %+v, want interrupted, interrupted, committed", log)
	}
}

// Holder returns, for KilledLoads, the command that re-runs this test
// binary as its child: the test helper named helper (which calls
// HoldLoad), with HoldVar set to value (which tells the helper the store).
func Holder(helper, value string) func(t *testing.T) *exec.Cmd {
	return func(t *testing.T) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^"+helper+"$")
		cmd.Env = append(os.Environ(), HoldVar+"="+value)
		return cmd
	}
}

// holder is a child process holding a load.
type holder struct{ cmd *exec.Cmd }

func startHolder(t *testing.T, child func(t *testing.T) *exec.Cmd) *holder {
	t.Helper()
	cmd := child(t)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &holder{cmd: cmd}
	t.Cleanup(func() { h.cmd.Process.Kill(); h.cmd.Wait() })
	line := make(chan string, 1)
	go func() {
		r := bufio.NewReader(out)
		l, err := r.ReadString('\n')
		if err != nil {
			l = fmt.Sprintf("%q (%v)", l, err)
		}
		line <- l
		io.Copy(io.Discard, r)
	}()
	select {
	case l := <-line:
		if l != holdingLine {
			t.Fatalf("load-holding child said %s", l)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("load-holding child did not begin its load within 2 minutes")
	}
	return h
}

// kill kills the child with SIGKILL, midway through its load, and reaps it.
func (h *holder) kill(t *testing.T) {
	t.Helper()
	if err := h.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	h.cmd.Wait()
}
