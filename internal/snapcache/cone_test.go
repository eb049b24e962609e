package snapcache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/queries"
)

// shown returns the verdicts of res that a writer without --all keeps
// (not clear, or with a possible link), as JSON lines in output order.
func shown(t *testing.T, res *exposure.Result) []string {
	t.Helper()
	var out []string
	for vs := range res.EntityVerdicts(graph.Engines) {
		for _, v := range vs {
			if v.Status != graph.StatusClear || queries.HasPossible(v.Flags, v.PossiblySameAs, v.PossiblyExposedVia) {
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

// TestConeAsTheWhole: the cache's cone read (StreamCone), analysed with
// exposure.Options.Cone, as columns and as rows, shows exactly the
// verdicts of the whole snapshot analysed whole, on every date, on the
// fixed graph and on random ones with clusters, possible links, ends
// without a record and dates; and it hands over fewer entities.
func TestConeAsTheWhole(t *testing.T) {
	snaps := []*graph.Snapshot{dated(t)}
	for seed := range uint64(60) {
		s := random(seed)
		r := rand.New(rand.NewPCG(seed, 9))
		for range r.IntN(4) {
			s.SameAs = append(s.SameAs, graph.SameAs{A: fmt.Sprintf("E%03d", r.IntN(20)), B: fmt.Sprintf("E%03d", r.IntN(20)),
				Method: "test", Score: 0.8, Strength: graph.StrengthPossible})
		}
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
			want := shown(t, analyseWith(t, func(b *exposure.Builder) error { return graph.FeedSnapshot(s, d, rowsOnly{b}) }, d, false))
			for _, rows := range []bool{false, true} {
				res := analyseWith(t, func(b *exposure.Builder) error {
					if rows {
						return c.StreamCone(ctx, d, rowsOnly{b})
					}
					return c.StreamCone(ctx, d, b)
				}, d, true)
				if got := shown(t, res); !slices.Equal(got, want) {
					t.Fatalf("graph %d as of %s (rows %v): the cone shows\n%v\nthe whole graph\n%v", i, d, rows, got, want)
				}
			}
			var whole, cone recorder
			if err := c.StreamSnapshot(ctx, d, &whole); err != nil {
				t.Fatal(err)
			}
			if err := c.StreamCone(ctx, d, &cone); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(normal(recorder{des: cone.des, ctl: cone.ctl, same: cone.same}),
				normal(recorder{des: whole.des, ctl: whole.ctl, same: whole.same})) {
				t.Fatalf("graph %d as of %s: the cone's relations differ from the snapshot's", i, d)
			}
			if len(cone.ents) < len(whole.ents) {
				fewer++
			}
			lines += len(want)
		}
		c.Close()
	}
	if fewer == 0 || lines == 0 {
		t.Fatalf("the cone left out entities %d times, %d shown verdicts: the test exercises nothing", fewer, lines)
	}
}

// TestConeOfDamagedFile: a damaged holdings section fails the cone read
// before the sink gets anything.
func TestConeOfDamagedFile(t *testing.T) {
	path, tag := build(t, dated(t))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-3] ^= 0x40 // in the last holdings chunk
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Open(path, tag)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var r recorder
	err = c.StreamCone(context.Background(), "2025-06-30", &r)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("StreamCone of a damaged file: %v, want ErrCorrupt", err)
	}
	if r.des != nil || r.ents != nil || r.holds != nil {
		t.Fatalf("the sink got data from a damaged file: %+v", r)
	}
}

func analyseWith(t *testing.T, feed func(*exposure.Builder) error, d graph.Date, cone bool) *exposure.Result {
	t.Helper()
	b := exposure.NewBuilder(d, 0)
	if err := feed(b); err != nil {
		t.Fatal(err)
	}
	res, err := b.Analyze(exposure.Options{AsOf: d, Regimes: graph.Engines, Cone: cone})
	if err != nil {
		t.Fatal(err)
	}
	return res
}
