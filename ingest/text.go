package ingest

import "strings"

// Clean collapses runs of white space into one space and trims.
func Clean(s string) string {
	if s == "" {
		return ""
	}
	return strings.Join(strings.Fields(s), " ")
}
