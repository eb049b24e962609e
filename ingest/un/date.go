package un

import (
	"errors"
	"fmt"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// parseDate reads an xs:date: YYYY-MM-DD with an optional time zone (Z,
// +hh:mm or -hh:mm), and returns the date part as published. The empty
// string is the zero Date.
func parseDate(s string) (graph.Date, error) {
	s = ingest.Clean(s)
	if s == "" {
		return "", nil
	}
	if len(s) < 10 {
		return "", errors.New("want YYYY-MM-DD with an optional time zone")
	}
	if !validZone(s[10:]) {
		return "", fmt.Errorf("bad time zone %q after the date: want Z, +hh:mm or -hh:mm", s[10:])
	}
	d, err := graph.ParseDate(s[:10])
	if err != nil {
		return "", err
	}
	return d, nil
}

// parseDateTime reads the date part of an xs:dateTime or xs:date, e.g.
// 2026-02-27T00:00:09.554Z.
func parseDateTime(s string) (graph.Date, error) {
	s = ingest.Clean(s)
	if len(s) > 10 && s[10] == 'T' {
		return graph.ParseDate(s[:10])
	}
	return parseDate(s)
}

// validZone reports whether z is empty or an XML-Schema time zone.
func validZone(z string) bool {
	switch {
	case z == "" || z == "Z":
		return true
	case len(z) != 6 || (z[0] != '+' && z[0] != '-') || z[3] != ':':
		return false
	}
	hh, ok1 := twoDigits(z[1:3])
	mm, ok2 := twoDigits(z[4:6])
	return ok1 && ok2 && (hh < 14 && mm < 60 || hh == 14 && mm == 0)
}

func twoDigits(s string) (int, bool) {
	if len(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// datePart returns the date of an xs:date value, or s unchanged when it is
// not one (dates of birth and issue are kept as published).
func datePart(s string) string {
	if d, err := parseDate(s); err == nil {
		return string(d)
	}
	return s
}
