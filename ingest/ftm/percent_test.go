package ftm_test

import (
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest/ftm"
)

func pct(whole, millionths int64) graph.Pct {
	return graph.Pct(whole)*graph.PctScale + graph.Pct(millionths)
}

func TestParsePercentage(t *testing.T) {
	unknown := graph.Unknown()
	for _, c := range []struct {
		in   string
		want graph.Range
		ok   bool
	}{
		{"50", graph.Exact(pct(50, 0)), true},
		{"50%", graph.Exact(pct(50, 0)), true},
		{" 50 % ", graph.Exact(pct(50, 0)), true},
		{"50.5", graph.Exact(pct(50, 500000)), true},
		{"50,5", graph.Exact(pct(50, 500000)), true},
		{"100.00", graph.Exact(pct(100, 0)), true},
		{"0", graph.Exact(0), true},
		{"25-50", graph.Interval(pct(25, 0), false, pct(50, 0), false), true},
		{"25–50", graph.Interval(pct(25, 0), false, pct(50, 0), false), true},
		{"25% - 50%", graph.Interval(pct(25, 0), false, pct(50, 0), false), true},
		{"25 to 50 percent", graph.Interval(pct(25, 0), false, pct(50, 0), false), true},
		{"between 25 and 50", graph.Interval(pct(25, 0), false, pct(50, 0), false), true},
		{">50", graph.Interval(pct(50, 0), true, graph.Hundred, false), true},
		{"> 50%", graph.Interval(pct(50, 0), true, graph.Hundred, false), true},
		{"more than 50", graph.Interval(pct(50, 0), true, graph.Hundred, false), true},
		{"More Than 25 %", graph.Interval(pct(25, 0), true, graph.Hundred, false), true},
		{">=50", graph.Interval(pct(50, 0), false, graph.Hundred, false), true},
		{"≥ 50", graph.Interval(pct(50, 0), false, graph.Hundred, false), true},
		{"at least 50", graph.Interval(pct(50, 0), false, graph.Hundred, false), true},
		{"50 or more", graph.Interval(pct(50, 0), false, graph.Hundred, false), true},
		{"75+", graph.Interval(pct(75, 0), false, graph.Hundred, false), true},
		{"<10", graph.Interval(0, false, pct(10, 0), true), true},
		{"less than 10%", graph.Interval(0, false, pct(10, 0), true), true},
		{"under 25", graph.Interval(0, false, pct(25, 0), true), true},
		{"<=10", graph.Interval(0, false, pct(10, 0), false), true},
		{"up to 10", graph.Interval(0, false, pct(10, 0), false), true},
		{"33.3333333", graph.Interval(pct(33, 333333), false, pct(33, 333334), false), true},
		{"33.3333330", graph.Exact(pct(33, 333333)), true},
		// Not readable: unknown.
		{"", unknown, false},
		{"   ", unknown, false},
		{"abc", unknown, false},
		{"about 50", unknown, false},
		{"150", unknown, false},
		{"-5", unknown, false},
		{"50-25", unknown, false},
		{">100", unknown, false},
		{"<0", unknown, false},
		{"1/3", unknown, false},
		{"50..5", unknown, false},
		{"overall 50", unknown, false},
		{"100.0000001", unknown, false},
	} {
		got, ok := ftm.ParsePercentage(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParsePercentage(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
