package neo4j_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/neo4j"
	"github.com/ownex/ownex/internal/store/neo4j/neo4jtest"
	"github.com/ownex/ownex/internal/store/storetest"
)

// decodeFixture has one record of every kind that the store reads.
func decodeFixture() *graph.Batch {
	p := func(rec string) graph.Provenance { return graph.Provenance{Source: "fx", Record: rec} }
	return &graph.Batch{
		Entities: []graph.Entity{
			{ID: "fx:a", Kind: graph.KindCompany, Name: "Alpha", Countries: []string{"CY"},
				Identifiers: []graph.Identifier{{Scheme: "reg", Value: "1"}}, Provenance: p("e:1")},
			{ID: "fx:b", Kind: graph.KindCompany, Name: "Beta", Provenance: p("e:2")},
		},
		Designations: []graph.Designation{{Entity: "fx:a", Regime: graph.RegimeOFAC, Program: "X", Listed: "2022-01-01",
			Provenance: p("d:1")}},
		Holdings: []graph.Holding{{Owner: "fx:a", Owned: "fx:b", Share: graph.Exact(50 * graph.PctScale),
			Votes: graph.Exact(50 * graph.PctScale), Provenance: p("h:1")}},
		Controls: []graph.Control{{Controller: "fx:a", Controlled: "fx:b", Basis: graph.BasisBoardAppointment,
			Provenance: p("c:1")}},
		SameAs: []graph.SameAs{{A: "fx:a", B: "fx:b", Method: "identifier:reg", Score: 1, Strength: graph.StrengthStrong,
			Evidence: "reg:1", Provenance: p("s:1")}},
		Links: []graph.Link{{From: "fx:a", To: "fx:b", Type: graph.LinkAssociateOf, Provenance: p("l:1")}},
	}
}

// nullSink is a graph.SnapshotSink that drops what it is given.
type nullSink struct{}

func (nullSink) Relations([]graph.Designation, []graph.Control, []graph.SameAs) error { return nil }
func (nullSink) Entity(graph.EntityRow) error                                         { return nil }
func (nullSink) Holding(*graph.HoldingRow) error                                      { return nil }

// TestReadNeverInventsZeros: a node or relationship whose required
// property is missing, or any property of the wrong type, fails every
// read that meets it with an error naming the element and the property;
// it is never read as 0 or "". Before, a holding without share_max was
// read as a share of [50%, 0%], an entity without a name as "".
func TestReadNeverInventsZeros(t *testing.T) {
	ctx := context.Background()
	reads := map[string]func(*neo4j.Store) error{
		"snapshot": func(s *neo4j.Store) error { _, err := s.Snapshot(ctx, ""); return err },
		"stream":   func(s *neo4j.Store) error { return s.StreamSnapshot(ctx, "", nullSink{}) },
		"detail a": func(s *neo4j.Store) error { _, err := s.Detail(ctx, "fx:a"); return err },
		"detail b": func(s *neo4j.Store) error { _, err := s.Detail(ctx, "fx:b"); return err },
		"entity b": func(s *neo4j.Store) error { _, err := s.Entity(ctx, "fx:b"); return err },
		"entities": func(s *neo4j.Store) error { return s.Entities(ctx, func(graph.Entity) error { return nil }) },
		"upstream": func(s *neo4j.Store) error { _, err := s.Upstream(ctx, []string{"fx:b"}, ""); return err },
		"loads":    func(s *neo4j.Store) error { _, err := s.Loads(ctx); return err },
	}
	cases := []struct {
		name, tamper string
		reads        []string
		want         []string // in the error
	}{
		{"holding without share_max", `MATCH ()-[r:OWNS]->() REMOVE r.share_max`,
			[]string{"snapshot", "stream", "detail a", "detail b", "upstream"},
			[]string{`OWNS relationship "fx:a" -> "fx:b"`, "share_max is missing"}},
		{"holding with a text share_max", `MATCH ()-[r:OWNS]->() SET r.share_max = '50'`,
			[]string{"snapshot", "stream", "detail b"},
			[]string{`OWNS relationship "fx:a" -> "fx:b"`, "share_max is a string, not an integer"}},
		{"holding with a float votes_min", `MATCH ()-[r:OWNS]->() SET r.votes_min = 0.5`,
			[]string{"snapshot", "stream", "detail a"},
			[]string{`OWNS relationship "fx:a" -> "fx:b"`, "votes_min is a float, not an integer"}},
		{"holding with share_open 7", `MATCH ()-[r:OWNS]->() SET r.share_open = 7`,
			[]string{"snapshot", "stream", "detail a"},
			[]string{`OWNS relationship "fx:a" -> "fx:b"`, "share_open is 7"}},
		{"entity without a name", `MATCH (e:Entity {id: 'fx:b'}) REMOVE e.name`,
			[]string{"snapshot", "stream", "entity b", "entities", "detail a", "upstream"},
			[]string{`entity "fx:b"`, "name is missing"}},
		{"entity with a numeric kind", `MATCH (e:Entity {id: 'fx:b'}) SET e.kind = 3`,
			[]string{"snapshot", "entity b", "entities"},
			[]string{`entity "fx:b"`, "kind is an integer, not a string"}},
		{"entity with a text list of countries", `MATCH (e:Entity {id: 'fx:b'}) SET e.countries = 'CY'`,
			[]string{"snapshot", "entity b", "entities"},
			[]string{`entity "fx:b"`, "countries is a string, not a list of strings"}},
		{"entity whose content is not JSON", `MATCH (e:Entity {id: 'fx:b'}) SET e.content = 'not json'`,
			[]string{"entity b", "entities"},
			[]string{`entity "fx:b"`, "content is not an entity's JSON"}},
		{"identifier without a value", `MATCH (i:Identifier) REMOVE i.value`,
			[]string{"entities", "detail a"},
			[]string{`entity "fx:a"`, "value is missing"}},
		{"control edge without a basis", `MATCH ()-[r:CONTROLS]->() REMOVE r.basis`,
			[]string{"snapshot", "stream", "detail a", "detail b"},
			[]string{`CONTROLS relationship "fx:a" -> "fx:b"`, "basis is missing"}},
		{"designation without a regime", `MATCH ()-[r:DESIGNATED]->() REMOVE r.regime`,
			[]string{"snapshot", "stream", "detail a"},
			[]string{`DESIGNATED relationship of "fx:a"`, "regime is missing"}},
		{"designation with a numeric listed date", `MATCH ()-[r:DESIGNATED]->() SET r.listed = 20220101`,
			[]string{"snapshot", "stream", "detail a"},
			[]string{`DESIGNATED relationship of "fx:a"`, "listed is an integer, not a string"}},
		{"same-as link with a text score", `MATCH ()-[r:SAME_AS]->() SET r.score = 'high'`,
			[]string{"snapshot", "stream", "detail a"},
			[]string{"SAME_AS relationship", `"fx:a"`, "score is a string, not a float"}},
		{"link without a type", `MATCH ()-[r:LINKED]->() REMOVE r.type`,
			[]string{"detail a", "detail b"},
			[]string{`LINKED relationship "fx:a" -> "fx:b"`, "type is missing"}},
		{"committed load without an entity count", `MATCH (l:Load) REMOVE l.entities`,
			[]string{"loads"},
			[]string{"load 1", "entities is missing"}},
		{"load with a numeric start", `MATCH (l:Load) SET l.started = 5`,
			[]string{"loads"},
			[]string{"load 1", "started is an integer, not a string"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := neo4jtest.Open(t)
			storetest.Load(t, st, graph.LoadMeta{Source: "fx", Format: "fx", Files: []string{"fx"}, Checksum: "x",
				Started: time.Now().UTC()}, decodeFixture())
			for _, r := range c.reads {
				if err := reads[r](st); err != nil {
					t.Fatalf("%s before tampering: %v", r, err)
				}
			}
			cypher(t, c.tamper, nil)
			for _, r := range c.reads {
				err := reads[r](st)
				if err == nil {
					t.Errorf("%s: no error, want one naming %q", r, c.want)
					continue
				}
				t.Logf("%s: %v", r, err)
				for _, w := range c.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%s: err = %v\nwant it to say %q", r, err, w)
					}
				}
			}
		})
	}
}

// TestRelationEndLookupMiss: when the writer has no node id for an end
// of a holding (a look-up that missed), the Write fails naming the entity
// and writes no relationship; before, the row was sent with node id 0.
func TestRelationEndLookupMiss(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	l, err := st.Begin(ctx, graph.LoadMeta{Source: "fx", Format: "fx", Started: time.Now().UTC()})
	if err != nil {
		t.Fatal(err)
	}
	fx := decodeFixture()
	if err := l.Write(ctx, &graph.Batch{Entities: fx.Entities}); err != nil {
		t.Fatal(err)
	}
	defer neo4j.SetAfterResolve(func(ids map[string]int64) { delete(ids, "fx:b") })()
	err = l.Write(ctx, &graph.Batch{Holdings: fx.Holdings})
	if err == nil || !strings.Contains(err.Error(), `no node id for entity "fx:b"`) || !strings.Contains(err.Error(), `"fx:a" -> "fx:b"`) {
		t.Errorf("write with a node-id miss: err = %v, want a refusal naming the holding and entity fx:b", err)
	}
	t.Logf("write: %v", err)
	l.Abort(ctx, err)
	if c, err := st.Counts(ctx); err != nil || c.Holdings != 0 {
		t.Errorf("holdings written = %d (%v), want 0", c.Holdings, err)
	}
}
