package snapcache

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/graph/exposure/exposuretest"
	"github.com/ownex/ownex/queries"
)

// shown returns the verdicts of res that a writer without --all keeps
// (not clear, or with a possible link), as JSON lines in output order.
func shown(t *testing.T, res *exposure.Result) []string {
	t.Helper()
	var out []string
	for vs := range res.EntityVerdicts(graph.Engines) {
		for _, v := range vs {
			if queries.Shown(v) {
				b, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, string(b))
			}
		}
	}
	return out
}

// coneRegimes are regime choices that read each cone part.
var coneRegimes = [][]graph.Regime{nil, {graph.RegimeOFAC}, {graph.RegimeUK}, {graph.RegimeEU}, {graph.RegimeUK, graph.RegimeEU}}

// TestConeAsTheWhole: the cache's cone read (StreamCone), analysed with
// exposure.Options.Cone, as columns and as rows, shows exactly the
// verdicts of the whole snapshot analysed whole, on every date, on the
// fixed graph and on random ones (exposuretest.RandomDated); and it hands over fewer entities.
func TestConeAsTheWhole(t *testing.T) {
	snaps := []*graph.Snapshot{dated(t)}
	for seed := range uint64(60) {
		s := exposuretest.RandomDated(seed)
		snaps = append(snaps, s)
	}
	ctx := context.Background()
	fewer, lines := 0, 0
	for i, s := range snaps {
		path, tag := build(t, s)
		c, err := Open(path, tag)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dates[1:] {
			for _, regimes := range coneRegimes {
				want := shown(t, analyseWith(t, func(b *exposure.Builder) error { return graph.FeedSnapshot(s, d, rowsOnly{b}) }, d, regimes, false))
				for _, rows := range []bool{false, true} {
					res := analyseWith(t, func(b *exposure.Builder) error {
						if rows {
							return c.StreamCone(ctx, d, regimes, rowsOnly{b})
						}
						return c.StreamCone(ctx, d, regimes, b)
					}, d, regimes, true)
					if got := shown(t, res); !slices.Equal(got, want) {
						t.Fatalf("graph %d as of %s, %v (rows %v): the cone shows\n%v\nthe whole graph\n%v", i, d, regimes, rows, got, want)
					}
				}
				lines += len(want)
			}
			var whole, cone recorder
			if err := c.StreamSnapshot(ctx, d, &whole); err != nil {
				t.Fatal(err)
			}
			if err := c.StreamCone(ctx, d, nil, &cone); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(normal(recorder{des: cone.des}), normal(recorder{des: whole.des})) {
				t.Fatalf("graph %d as of %s: the cone's designations differ from the snapshot's", i, d)
			}
			for _, k := range cone.ctl {
				if !slices.Contains(whole.ctl, k) {
					t.Fatalf("graph %d as of %s: the cone's control edge %+v is not the snapshot's", i, d, k)
				}
			}
			for _, l := range cone.same {
				if !slices.Contains(whole.same, l) {
					t.Fatalf("graph %d as of %s: the cone's link %+v is not the snapshot's", i, d, l)
				}
			}
			if len(cone.ents) < len(whole.ents) {
				fewer++
			}
		}
		c.Close()
	}
	if fewer == 0 || lines == 0 {
		t.Fatalf("the cone left out entities %d times, %d shown verdicts: the test exercises nothing", fewer, lines)
	}
}

// TestConeOfDamagedFile: damage in the cone part's strings fails the
// cone's read before the sink gets anything; damage in its holdings (a
// share) fails it at the end, with ErrCorrupt; the whole part still reads.
func TestConeOfDamagedFile(t *testing.T) {
	path, tag := build(t, dated(t))
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(path, tag)
	if err != nil {
		t.Fatal(err)
	}
	ids, hold := c.cones[0].secs[partIDs], c.cones[0].secs[partHoldings]
	share := int(hold.off) + 8*c.cones[0].nHold + 1 // the first holding's share (one chunk)
	c.Close()
	for _, tc := range []struct {
		at      int
		nothing bool
	}{{int(ids.off + ids.n - 1), true}, {share, false}} {
		b := slices.Clone(good)
		b[tc.at] ^= 0x40
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := Open(path, tag)
		if err != nil {
			t.Fatal(err)
		}
		var r, whole recorder
		err = c.StreamCone(context.Background(), "2025-06-30", nil, &r)
		werr := c.StreamSnapshot(context.Background(), "2025-06-30", &whole)
		c.Close()
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("byte %d flipped: StreamCone gave %v, want ErrCorrupt", tc.at, err)
		}
		if got := r.des != nil || r.ents != nil || r.holds != nil; got == tc.nothing {
			t.Fatalf("byte %d flipped: the sink got data: %v, want %v", tc.at, got, !tc.nothing)
		}
		if werr != nil {
			t.Fatalf("byte %d flipped in the cone part: StreamSnapshot gave %v", tc.at, werr)
		}
	}
}

func analyseWith(t *testing.T, feed func(*exposure.Builder) error, d graph.Date, regimes []graph.Regime, cone bool) *exposure.Result {
	t.Helper()
	b := exposure.NewBuilder(d, 0)
	if err := feed(b); err != nil {
		t.Fatal(err)
	}
	res, err := b.Analyze(exposure.Options{AsOf: d, Regimes: regimes, Cone: cone})
	if err != nil {
		t.Fatal(err)
	}
	return res
}
