package ofacxml

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
)

func decodeDateOfIssue(name string, d *xml.Decoder, se *xml.StartElement) (graph.Date, error) {
	line, _ := d.InputPos()
	var x xYMD
	if err := d.DecodeElement(&x, se); err != nil {
		return "", syntaxError(name, d, err, "DateOfIssue")
	}
	v, err := x.parse()
	if err == nil && v.prec != 3 {
		err = fmt.Errorf("incomplete date %s: want Year, Month and Day", v.format())
	}
	if err != nil {
		return "", recErr(name, line, "DateOfIssue", "%v", err)
	}
	return graph.Date(v.format()), nil
}

// ymd is a parsed date of precision 1 (year), 2 (month) or 3 (day).
type ymd struct{ y, m, d, prec int }

func (x *xYMD) parse() (ymd, error) {
	ys, ms, ds := strings.TrimSpace(x.Year), strings.TrimSpace(x.Month), strings.TrimSpace(x.Day)
	bad := func() (ymd, error) {
		return ymd{}, fmt.Errorf("bad date Year=%q Month=%q Day=%q", ys, ms, ds)
	}
	y, err := strconv.Atoi(ys)
	if err != nil || y < 1 || y > 9999 {
		return bad()
	}
	v := ymd{y: y, prec: 1}
	if ms == "" {
		if ds != "" {
			return bad()
		}
		return v, nil
	}
	m, err := strconv.Atoi(ms)
	if err != nil || m < 1 || m > 12 {
		return bad()
	}
	v.m, v.prec = m, 2
	if ds == "" {
		return v, nil
	}
	d, err := strconv.Atoi(ds)
	if err != nil || !validDay(y, m, d) {
		return bad()
	}
	v.d, v.prec = d, 3
	return v, nil
}

// lo and hi expand v to its first and last day.
func (v ymd) lo() ymd {
	if v.prec < 2 {
		v.m = 1
	}
	if v.prec < 3 {
		v.d = 1
	}
	v.prec = 3
	return v
}

func (v ymd) hi() ymd {
	if v.prec < 2 {
		v.m = 12
	}
	if v.prec < 3 {
		v.d = daysIn(v.y, v.m)
	}
	v.prec = 3
	return v
}

func (v ymd) format() string {
	switch v.prec {
	case 1:
		return fmt.Sprintf("%04d", v.y)
	case 2:
		return fmt.Sprintf("%04d-%02d", v.y, v.m)
	}
	return fmt.Sprintf("%04d-%02d-%02d", v.y, v.m, v.d)
}

// format collapses a DatePeriod: one day, one month, one year, or "A to B".
func (p *xDatePeriod) format() (string, error) {
	var bounds []*xYMD
	for _, b := range []*xBound{p.Start, p.End} {
		if b != nil {
			bounds = append(bounds, b.From, b.To)
		}
	}
	var vals []ymd
	for _, b := range bounds {
		if b == nil || (b.Year == "" && b.Month == "" && b.Day == "") {
			continue
		}
		v, err := b.parse()
		if err != nil {
			return "", err
		}
		vals = append(vals, v)
	}
	if len(vals) == 0 {
		return "", nil
	}
	lo, hi := vals[0].lo(), vals[0].hi()
	for _, v := range vals[1:] {
		if l := v.lo(); l.format() < lo.format() {
			lo = l
		}
		if h := v.hi(); h.format() > hi.format() {
			hi = h
		}
	}
	switch {
	case lo == hi:
		return lo.format(), nil
	case lo.y == hi.y && lo.m == 1 && lo.d == 1 && hi.m == 12 && hi.d == 31:
		return fmt.Sprintf("%04d", lo.y), nil
	case lo.y == hi.y && lo.m == hi.m && lo.d == 1 && hi.d == daysIn(hi.y, hi.m):
		return fmt.Sprintf("%04d-%02d", lo.y, lo.m), nil
	case lo.m == 1 && lo.d == 1 && hi.m == 12 && hi.d == 31:
		return fmt.Sprintf("%04d to %04d", lo.y, hi.y), nil
	}
	return lo.format() + " to " + hi.format(), nil
}
