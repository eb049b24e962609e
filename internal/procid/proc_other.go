//go:build !linux

package procid

import "errors"

// Without /proc, Self records neither boot nor start time, and Check
// answers Unknown.
func hostIDs() (machine, boot, pidns string) { return "", "", "" }

func startTime(int) (uint64, error) {
	return 0, errors.New("process start times are read on Linux only")
}
