package exposure

import (
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestPartyNamesAndIDs: issue 16 item 3. A stub made for a cross-reference
// (the UN record an EU entry names: its name is its id) takes the name of
// the record that refers to it, in verdicts and proofs; every record of a
// party gets the party's id (its cluster representative), a record in no
// cluster its own id; a record with a name of its own keeps it.
func TestPartyNamesAndIDs(t *testing.T) {
	link := func(a, b string) graph.SameAs {
		return graph.SameAs{A: a, B: b, Method: "un-reference", Score: 1, Strength: graph.StrengthStrong}
	}
	s := &graph.Snapshot{
		Entities: []graph.Entity{
			{ID: "eu:6106", Kind: graph.KindPerson, Name: "Abu Zayd Umar DORDA"},
			{ID: "un:LYi.006", Kind: graph.KindUnknown, Name: "un:LYi.006"}, // stub
			{ID: "uk:LIB0009", Kind: graph.KindPerson, Name: "DORDA, Abu Zayd Umar"},
			// A cluster whose representative is a stub: it takes the
			// name of the smallest named member.
			{ID: "a:1", Kind: graph.KindUnknown, Name: "a:1"},
			{ID: "c:3", Kind: graph.KindCompany, Name: "Gamma Ltd"},
			{ID: "b:2", Kind: graph.KindCompany, Name: "Beta Ltd"},
			// A cluster of stubs only keeps the ids as names.
			{ID: "x:1", Name: "x:1"},
			{ID: "x:2", Name: "x:2"},
			{ID: "z:9", Kind: graph.KindCompany, Name: "Lone Ltd"},
		},
		Designations: []graph.Designation{{Entity: "eu:6106", Regime: graph.RegimeEU}},
		SameAs:       []graph.SameAs{link("eu:6106", "un:LYi.006"), link("uk:LIB0009", "un:LYi.006"), link("a:1", "c:3"), link("b:2", "a:1"), link("x:1", "x:2")},
	}
	res := analyze(t, s, "2025-06-30")
	want := map[string][2]string{ // id → name, party
		"eu:6106":    {"Abu Zayd Umar DORDA", "eu:6106"},
		"un:LYi.006": {"Abu Zayd Umar DORDA", "eu:6106"},
		"uk:LIB0009": {"DORDA, Abu Zayd Umar", "eu:6106"},
		"a:1":        {"Beta Ltd", "a:1"},
		"b:2":        {"Beta Ltd", "a:1"},
		"c:3":        {"Gamma Ltd", "a:1"},
		"x:1":        {"x:1", "x:1"},
		"x:2":        {"x:2", "x:1"},
		"z:9":        {"Lone Ltd", "z:9"},
	}
	for _, r := range graph.Engines {
		n := 0
		for v := range res.Verdicts(r) {
			n++
			w, ok := want[v.Entity]
			if !ok {
				t.Errorf("%s: unexpected verdict on %s", r, v.Entity)
				continue
			}
			if v.Name != w[0] || v.Party != w[1] {
				t.Errorf("%s: %s named %q, party %q; want %q, %q", r, v.Entity, v.Name, v.Party, w[0], w[1])
			}
			if p, ok := res.Party(v.Entity); !ok || p != w[1] {
				t.Errorf("Party(%s) = %q, %v; want %q", v.Entity, p, ok, w[1])
			}
			if n, ok := res.Name(v.Entity); !ok || n != w[0] {
				t.Errorf("Name(%s) = %q, %v; want %q", v.Entity, n, ok, w[0])
			}
		}
		if n != len(want) {
			t.Errorf("%s: %d verdicts, want %d", r, n, len(want))
		}
	}
	v, _ := res.Verdict("un:LYi.006", graph.RegimeEU)
	if v.Status != graph.StatusDesignated {
		t.Errorf("un:LYi.006 under eu: %s, want designated (the party's verdict)", v.Status)
	}
	p, err := res.Explain("un:LYi.006", graph.RegimeEU)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Abu Zayd Umar DORDA" {
		t.Errorf("proof of un:LYi.006 named %q, want the referring record's name", p.Name)
	}
	if _, ok := res.Party("nobody"); ok {
		t.Error("Party of an unknown id: ok")
	}
	if _, ok := res.Name("nobody"); ok {
		t.Error("Name of an unknown id: ok")
	}
}
