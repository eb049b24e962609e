package bods

import (
	"time"

	"github.com/ownex/ownex/graph"
)

// dateOf returns the date part of a date or date-time, or "".
func dateOf(s string) graph.Date {
	if len(s) >= 10 && isDate(s[:10]) {
		return graph.Date(s[:10])
	}
	return ""
}

func isDate(s string) bool {
	if len(s) != 10 {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func isDateTime(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}
