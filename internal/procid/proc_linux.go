package procid

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// hostIDs reads the machine id, the boot id and the pid namespace; what
// cannot be read is "".
func hostIDs() (machine, boot, pidns string) {
	if b, err := os.ReadFile("/etc/machine-id"); err == nil {
		machine = strings.TrimSpace(string(b))
	}
	if b, err := os.ReadFile("/proc/sys/kernel/random/boot_id"); err == nil {
		boot = strings.TrimSpace(string(b))
	}
	pidns, _ = os.Readlink("/proc/self/ns/pid")
	return machine, boot, pidns
}

// startTime reads the start time of process pid (field 22 of
// /proc/<pid>/stat). A process that does not exist gives an error for
// which os.IsNotExist is true.
func startTime(pid int) (uint64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	return parseStat(b)
}

// parseStat reads the start time from the text of /proc/<pid>/stat. The
// command name (field 2) is in parentheses and may hold spaces and
// parentheses: fields are counted after the last ')'.
func parseStat(b []byte) (uint64, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("stat %q: no command name", b)
	}
	f := strings.Fields(string(b[i+1:]))
	// f[0] is field 3 (state): field 22 is f[19].
	if len(f) < 20 {
		return 0, fmt.Errorf("stat %q: %d fields after the command name, want 20 or more", b, len(f))
	}
	st, err := strconv.ParseUint(f[19], 10, 64)
	if err != nil || st == 0 {
		return 0, fmt.Errorf("stat: bad start time %q", f[19])
	}
	return st, nil
}
