package procid

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
	"sync"
)

// Owner identifies a process (see the package comment). Empty fields are
// unknown.
type Owner struct {
	Host    string // host name (os.Hostname)
	Machine string // /etc/machine-id
	Boot    string // /proc/sys/kernel/random/boot_id
	PIDNS   string // link of /proc/self/ns/pid, e.g. "pid:[4026531836]"
	PID     int
	Start   uint64 // start time in clock ticks since boot
}

// State is what Check can tell about an owner.
type State int

// The answers of Check.
const (
	Unknown State = iota
	Alive
	Dead
)

func (s State) String() string {
	switch s {
	case Alive:
		return "alive"
	case Dead:
		return "dead"
	}
	return "unknown"
}

// String returns the token stored in a load log: URL query syntax, so that
// any host name survives the round trip through Parse.
func (o Owner) String() string {
	v := url.Values{}
	v.Set("host", o.Host)
	v.Set("machine", o.Machine)
	v.Set("boot", o.Boot)
	v.Set("pidns", o.PIDNS)
	v.Set("pid", strconv.Itoa(o.PID))
	v.Set("start", strconv.FormatUint(o.Start, 10))
	return v.Encode()
}

// Parse reads a token written by Owner.String. A token without a host or
// a pid, or with a pid or start that is not a number, is an error.
func Parse(token string) (Owner, error) {
	v, err := url.ParseQuery(token)
	if err != nil {
		return Owner{}, fmt.Errorf("owner token %q: %w", token, err)
	}
	o := Owner{Host: v.Get("host"), Machine: v.Get("machine"), Boot: v.Get("boot"), PIDNS: v.Get("pidns")}
	if o.Host == "" {
		return Owner{}, fmt.Errorf("owner token %q: no host", token)
	}
	if o.PID, err = strconv.Atoi(v.Get("pid")); err != nil || o.PID <= 0 {
		return Owner{}, fmt.Errorf("owner token %q: bad pid %q", token, v.Get("pid"))
	}
	if o.Start, err = strconv.ParseUint(v.Get("start"), 10, 64); err != nil {
		return Owner{}, fmt.Errorf("owner token %q: bad start %q", token, v.Get("start"))
	}
	return o, nil
}

var (
	selfOnce sync.Once
	self     Owner
)

// Self returns this process's owner (computed once).
func Self() Owner {
	selfOnce.Do(func() {
		self = Owner{PID: os.Getpid()}
		self.Host, _ = os.Hostname() // "" stays unknown: Check then answers Unknown
		self.Machine, self.Boot, self.PIDNS = hostIDs()
		self.Start, _ = startTime(self.PID)
	})
	return self
}

// Check tells whether the process that token names is still running, as
// far as this process can see (the package comment lists the rules).
func Check(token string) State {
	o, err := Parse(token)
	if err != nil {
		return Unknown
	}
	return check(o, Self(), startTime)
}

// check is Check with this process's owner and the start-time reader
// given, for the tests.
func check(o, me Owner, start func(pid int) (uint64, error)) State {
	if me.Host == "" || o.Host != me.Host || o.Machine != me.Machine || me.Boot == "" || o.Boot == "" {
		return Unknown
	}
	if o.Boot != me.Boot {
		return Dead // this host restarted since
	}
	if me.PIDNS == "" || o.PIDNS != me.PIDNS || o.Start == 0 {
		return Unknown
	}
	st, err := start(o.PID)
	switch {
	case err == nil && st == o.Start:
		return Alive
	case err == nil || os.IsNotExist(err):
		return Dead // gone, or the pid reused by a later process
	}
	return Unknown
}
