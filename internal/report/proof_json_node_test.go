package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/graph/exposure/exposuretest"
)

// escapeProof has every field of a node set, and strings that encoding/json
// escapes: quotes, backslashes, HTML characters, control characters,
// invalid UTF-8, U+2028 and U+2029, non-ASCII letters, DEL; open and
// fractional ranges, possible links with scores and an elision.
func escapeProof() *graph.Proof {
	odd := []string{`Say "hi" \ bye`, "<b>A & B</b>", "tab\there\nnew\rline\b\f\x00\x1f", "bad \xff\xfe utf-8",
		"line\u2028para\u2029", "Газпром — Ωmega", "del\x7f", ""}
	owner := &graph.Proof{Entity: odd[0], Name: odd[1], Regime: graph.RegimeUK, Status: graph.StatusDesignated,
		Elided: &graph.ProofElision{Depth: 3, Levels: 7, Parties: 9,
			ByStatus:   map[graph.Status]int{graph.StatusOwned: 5, graph.StatusDesignated: 3, graph.StatusControlled: 1},
			Designated: []string{odd[2], odd[5]}, MoreDesignated: 1}}
	ctl := &graph.Proof{Entity: "ctl<1>", Name: odd[6], Regime: graph.RegimeUK, Status: graph.StatusControlled}
	share := graph.Interval(12_345_670, true, graph.Fifty+1, false)
	return &graph.Proof{Entity: odd[3], Name: odd[4], Regime: graph.RegimeUK, Status: graph.StatusOwned,
		Run: graph.RunPossible, Rule: odd[1], Threshold: "shares > 50", Share: share, Votes: graph.Interval(0, false, graph.Hundred, true),
		Person: odd[5],
		Designations: []graph.Designation{{Entity: odd[3], Regime: graph.RegimeUK, Program: odd[0], Listed: "2022-01-01",
			Delisted: "2024-01-01", Provenance: graph.Provenance{Source: odd[2], Record: odd[4]}}, {Entity: "e", Regime: graph.RegimeEU}},
		Holdings: []graph.ProofHolding{
			{Holding: graph.Holding{Owner: odd[0], Owned: odd[3], Share: share, Votes: graph.Exact(1), Arrangement: odd[1], Ref: odd[2],
				Span: graph.Span{Start: "2020-01-01", End: "2030-01-01"}, Provenance: graph.Provenance{Source: odd[5], Record: odd[6]}},
				OwnerName: odd[1], OwnerStatus: graph.StatusDesignated, CountedShare: share, CountedVotes: graph.Exact(graph.Hundred),
				OwnerProof: owner},
			{Holding: graph.Holding{Owner: "o2", Owned: odd[3]}}, // every optional field empty
		},
		Controls: []graph.ProofControl{
			{Control: graph.Control{Controller: "ctl<1>", Controlled: odd[3], Basis: graph.BasisDeFacto, Ref: odd[4],
				Span: graph.Span{Start: "2021-02-03"}, Provenance: graph.Provenance{Source: "s", Record: odd[0]}},
				ControllerName: odd[6], ControllerStatus: graph.StatusControlled, ControllerProof: ctl},
			{Control: graph.Control{Controller: "c2", Controlled: odd[3]}},
		},
		Flags: []graph.Flag{graph.FlagControlRisk, graph.Flag(odd[1])}, Notes: odd,
		PossiblySameAs: []graph.PossibleLink{samadLink, {Entity: odd[0], Candidate: odd[1], Score: 1e-7, Names: odd[2]},
			{Entity: "a", Candidate: "b", Score: 0.1 + 0.2}},
		PossiblyExposedVia: []graph.PossibleLink{samadLink2}, PossibleStatus: graph.StatusOwned}
}

// TestNodeJSONMatchesMarshal: the hand-written node and edge encoding of
// the flat proof (appendNode, appendEdge) gives exactly the bytes of
// json.Marshal, the encoder used before, on every node and edge of a few
// proofs: the writers' fixtures, one with strings that need escapes and
// every field set, proofs of the engines (a diamond with control, a
// cycle, one cut by the builder with its elision) in all regimes.
func TestNodeJSONMatchesMarshal(t *testing.T) {
	person, bakery := possibleProofs()
	proofs := []*graph.Proof{plainProof(), person, bakery, escapeProof(), {Entity: "bare"}}
	snap := exposuretest.Snap(t, "X>A 30; Y>A 25; X>B 60; B>A 30; A>C 50.000001; Z=C board-appointment; C>D 40/60; D>C 10; Y>D 12.5-50")
	res, err := exposure.Analyze(snap, exposure.Options{AsOf: "2025-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	for _, reg := range graph.Engines {
		for _, id := range []string{"A", "C", "D", "X"} {
			for _, depth := range []int{0, 1} {
				p, err := res.ExplainDepth(id, reg, depth)
				if err != nil {
					t.Fatal(err)
				}
				if p != nil {
					proofs = append(proofs, p)
				}
			}
		}
	}
	nodes, edges := 0, 0
	for _, p := range proofs {
		err := graph.WalkProof(p, func(n *graph.Proof, _ int, in []graph.ProofEdge) error {
			nodes++
			node := n.Node()
			want, err := json.Marshal(&node)
			if err != nil {
				return err
			}
			got, err := appendNode([]byte("x"), n)
			if err != nil {
				return err
			}
			if string(got) != "x"+string(want) {
				t.Errorf("node %q:\n got %s\nwant x%s", n.Entity, got, want)
			}
			for _, e := range in {
				edges++
				want, err := json.Marshal(e)
				if err != nil {
					return err
				}
				if got := appendEdge(nil, e); !bytes.Equal(got, want) {
					t.Errorf("edge %+v: got %s, want %s", e, got, want)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if nodes < 40 || edges < 20 {
		t.Errorf("only %d nodes and %d edges compared", nodes, edges)
	}
}

// TestExplanationJSONEscapes: a document with strings that need escapes is
// valid JSON and gives the strings back.
func TestExplanationJSONEscapes(t *testing.T) {
	p := escapeProof()
	var b bytes.Buffer
	x, err := NewExplanationJSON(&b, p.Entity, p.Name, "2025-06-30")
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Proof(p, Page{}); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Proofs []struct {
			Nodes []graph.Proof     `json:"nodes"`
			Edges []graph.ProofEdge `json:"edges"`
		} `json:"proofs"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, b.String())
	}
	nodes := doc.Proofs[0].Nodes
	if len(nodes) != 3 || len(doc.Proofs[0].Edges) != 2 {
		t.Fatalf("%d nodes, %d edges:\n%s", len(nodes), len(doc.Proofs[0].Edges), b.String())
	}
	// Each invalid UTF-8 byte becomes U+FFFD, as with encoding/json.
	if got, want := nodes[0].Entity, "bad \ufffd\ufffd utf-8"; got != want {
		t.Errorf("root id %q, want %q", got, want)
	}
	if got := nodes[0].Notes; strings.Join(got, "|") != strings.Join([]string{`Say "hi" \ bye`, "<b>A & B</b>",
		"tab\there\nnew\rline\b\f\x00\x1f", "bad \ufffd\ufffd utf-8", "line\u2028para\u2029", "Газпром — Ωmega", "del\x7f", ""}, "|") {
		t.Errorf("notes %q", got)
	}
	if got := nodes[1].Elided; got == nil || got.ByStatus[graph.StatusOwned] != 5 {
		t.Errorf("elided %+v", got)
	}
}

// TestJSONStringMatchesMarshal: jsonString escapes every byte as
// encoding/json does, alone and among others.
func TestJSONStringMatchesMarshal(t *testing.T) {
	strs := []string{"", "plain", `a"b\c`, "<>&", "x\u2028y\u2029", "é", "\xff", "a\xe2\x80", "\x7f\x00"}
	for c := range 256 {
		strs = append(strs, string([]byte{byte(c)}), "a"+string([]byte{byte(c)})+"z<"+string([]byte{byte(c)}))
	}
	for _, s := range strs {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Errorf("%q: got %s, want x%s", s, got, want)
		}
	}
}

// TestAhead: a walk run ahead of its visitor hands over every node in
// order with its own edges (the walk reuses its edges' slice), stops when
// the visitor fails and returns the visitor's error, else the walk's.
func TestAhead(t *testing.T) {
	const n = 20*aheadBatch + 3 // more than the walk may run ahead
	walkErr := errors.New("walk failed")
	walk := func(fail bool, stopped *error) ProofWalk {
		return func(visit func(*graph.Proof, int, []graph.ProofEdge) error) error {
			var edges []graph.ProofEdge
			for i := range n {
				id := strconv.Itoa(i)
				edges = append(edges[:0], graph.ProofEdge{From: id + "a", To: id}, graph.ProofEdge{From: id + "b", To: id})
				if err := visit(&graph.Proof{Entity: id}, i, edges[:i%3]); err != nil {
					*stopped = err
					return err
				}
				edges[0].From = "reused"
			}
			if fail {
				return walkErr
			}
			return nil
		}
	}
	var stopped error
	i := 0
	err := ahead(walk(false, &stopped))(func(p *graph.Proof, depth int, edges []graph.ProofEdge) error {
		id := strconv.Itoa(i)
		if p.Entity != id || depth != i || len(edges) != i%3 || len(edges) > 0 && edges[0].From != id+"a" ||
			len(edges) > 1 && edges[1].From != id+"b" {
			t.Fatalf("visit %d: %s %d %+v", i, p.Entity, depth, edges)
		}
		i++
		return nil
	})
	if err != nil || i != n || stopped != nil {
		t.Errorf("%d of %d nodes visited, err %v, walk stopped by %v", i, n, err, stopped)
	}
	if err := ahead(walk(true, &stopped))(func(*graph.Proof, int, []graph.ProofEdge) error { return nil }); err != walkErr {
		t.Errorf("walk error: got %v", err)
	}
	visitErr := errors.New("visit failed")
	i = 0
	err = ahead(walk(false, &stopped))(func(*graph.Proof, int, []graph.ProofEdge) error {
		if i++; i == aheadBatch+1 {
			return visitErr
		}
		return nil
	})
	if err != visitErr || stopped != errStopped || i != aheadBatch+1 {
		t.Errorf("visitor error: got %v after %d nodes, walk stopped by %v", err, i, stopped)
	}
}

// TestAheadPanic: a visitor that panics (a server recovers from it) leaves
// no walk blocked behind it.
func TestAheadPanic(t *testing.T) {
	done := make(chan error, 1)
	walk := func(visit func(*graph.Proof, int, []graph.ProofEdge) error) error {
		var err error
		for i := 0; err == nil; i++ { // endless unless stopped
			err = visit(&graph.Proof{Entity: strconv.Itoa(i)}, i, nil)
		}
		done <- err
		return err
	}
	func() {
		defer func() { _ = recover() }()
		_ = ahead(walk)(func(*graph.Proof, int, []graph.ProofEdge) error { panic("visit") })
	}()
	select {
	case err := <-done:
		if err != errStopped {
			t.Errorf("walk stopped by %v, want errStopped", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the walk is still blocked after the visitor panicked")
	}
}

// TestNodeJSONEveryField fills every field of a proof node (and of its
// holdings, controls, designations and possible links) with a value that
// is not its zero value, so that a field added to the graph types and
// forgotten by the hand-written encoder fails here, not silently in an
// explain's JSON.
func TestNodeJSONEveryField(t *testing.T) {
	var p graph.Proof
	fillEvery(reflect.ValueOf(&p).Elem(), 0)
	node := p.Node()
	want, err := json.Marshal(&node)
	if err != nil {
		t.Fatal(err)
	}
	got, err := appendNode(nil, &p)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("every field:\n got %s\nwant %s", got, want)
	}
}

// fillEvery sets every settable part of v to a non-zero value; nested
// proofs (owners', controllers') stay nil, as in a node of the flat form.
func fillEvery(v reflect.Value, depth int) {
	if depth > 6 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + strconv.Itoa(depth))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(depth + 1))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(0.5)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillEvery(v.Field(i), depth+1)
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fillEvery(s.Index(0), depth+1)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fillEvery(k, depth+1)
		fillEvery(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Pointer:
		if v.Type() == reflect.TypeOf((*graph.Proof)(nil)) {
			return
		}
		p := reflect.New(v.Type().Elem())
		fillEvery(p.Elem(), depth+1)
		v.Set(p)
	}
}
