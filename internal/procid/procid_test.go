package procid

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"testing"
)

func TestParseRoundTrip(t *testing.T) {
	o := Owner{Host: "a b&c=d", Machine: "m1", Boot: "b1", PIDNS: "pid:[1]", PID: 42, Start: 7}
	got, err := Parse(o.String())
	if err != nil || got != o {
		t.Fatalf("Parse(String()) = %+v, %v; want %+v", got, err, o)
	}
	for _, bad := range []string{"", "host=h", "host=h&pid=x&start=1", "pid=1&start=1", "host=h&pid=1&start=-1", "host=h&pid=0&start=1", "%zz"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded, want an error", bad)
		}
	}
}

func TestCheckRules(t *testing.T) {
	me := Owner{Host: "h", Machine: "m", Boot: "b", PIDNS: "ns", PID: 1, Start: 100}
	procs := map[int]uint64{10: 500, 11: 600}
	start := func(pid int) (uint64, error) {
		if st, ok := procs[pid]; ok {
			return st, nil
		}
		return 0, os.ErrNotExist
	}
	owner := func(f func(o *Owner)) Owner {
		o := Owner{Host: "h", Machine: "m", Boot: "b", PIDNS: "ns", PID: 10, Start: 500}
		f(&o)
		return o
	}
	tests := []struct {
		name string
		o    Owner
		me   Owner
		want State
	}{
		{"running", owner(func(*Owner) {}), me, Alive},
		{"gone", owner(func(o *Owner) { o.PID = 12 }), me, Dead},
		{"pid reused", owner(func(o *Owner) { o.Start = 499 }), me, Dead},
		{"earlier boot", owner(func(o *Owner) { o.Boot = "old" }), me, Dead},
		{"other host", owner(func(o *Owner) { o.Host = "h2" }), me, Unknown},
		{"other machine", owner(func(o *Owner) { o.Machine = "m2" }), me, Unknown},
		{"other pid namespace", owner(func(o *Owner) { o.PIDNS = "ns2" }), me, Unknown},
		{"no boot recorded", owner(func(o *Owner) { o.Boot = "" }), me, Unknown},
		{"no start recorded", owner(func(o *Owner) { o.Start = 0 }), me, Unknown},
		{"asker without boot", owner(func(*Owner) {}), Owner{Host: "h", Machine: "m", PIDNS: "ns"}, Unknown},
		{"asker without host", owner(func(*Owner) {}), Owner{Machine: "m", Boot: "b", PIDNS: "ns"}, Unknown},
	}
	for _, tc := range tests {
		if got := check(tc.o, tc.me, start); got != tc.want {
			t.Errorf("%s: check(%+v) = %v, want %v", tc.name, tc.o, got, tc.want)
		}
	}
	failing := func(int) (uint64, error) { return 0, errors.New("permission denied") }
	if got := check(owner(func(*Owner) {}), me, failing); got != Unknown {
		t.Errorf("unreadable /proc: %v, want unknown", got)
	}
}

// TestCheckRealProcess: a child process is alive while it runs and dead
// once killed and reaped; this process is alive.
func TestCheckRealProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("process start times are read on Linux only")
	}
	if got := Check(Self().String()); got != Alive {
		t.Fatalf("Check(self) = %v, want alive", got)
	}
	cmd := exec.Command("sleep", "60")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	child := Self()
	child.PID = cmd.Process.Pid
	st, err := startTime(child.PID)
	if err != nil {
		t.Fatal(err)
	}
	child.Start = st
	if got := Check(child.String()); got != Alive {
		t.Errorf("running child: %v, want alive", got)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if got := Check(child.String()); got != Dead {
		t.Errorf("killed child: %v, want dead", got)
	}
}
