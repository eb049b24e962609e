package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/ownex/ownex/graph"
)

// ExplanationJSON writes the JSON document of `ownex explain --format json`
// and of GET /api/v1/entities/{id}/explain, one proof at a time, so that a
// caller holds one proof, never all regimes' at once:
//
//	{"id": ..., "name": ..., "as_of": ..., "proofs": [
//	  {<the root node's fields: id, name, regime, status, rule, holdings...>,
//	   "root": "C99999",
//	   "nodes": [<every entity of the proof once, root first, breadth first,
//	              one compact object a line>],
//	   "edges": [{"from": "C99998", "to": "C99999", "kind": "holding"}, ...],
//	   "node_count": 100001}
//	]}
//
// A proof is flat, never nested: holdings and controls carry no nested
// proofs (no owner_proof, controller_proof); an edge says that the proof
// of "to" uses that of "from". A proof's root fields stay at the top of
// each element, as in the nested form before issue 15, so a reader of the
// status, rule or holdings finds them where they were. A page (Page) keeps
// a window of the nodes, with the edges into them, and says so.
type ExplanationJSON struct {
	w     *bufio.Writer
	count int
}

// Page selects the nodes of a proof that are written: Limit nodes from
// Offset, in the order of graph.WalkProof. Limit 0 writes every node.
type Page struct {
	Offset, Limit int
}

// NewExplanationJSON writes the document's head.
func NewExplanationJSON(w io.Writer, id, name string, asOf graph.Date) (*ExplanationJSON, error) {
	head, err := json.Marshal(struct {
		ID   string     `json:"id"`
		Name string     `json:"name"`
		AsOf graph.Date `json:"as_of"`
	}{id, name, asOf})
	if err != nil {
		return nil, fmt.Errorf("write explanation: %w", err)
	}
	head, err = indentJSON(head, "")
	if err != nil {
		return nil, err
	}
	x := &ExplanationJSON{w: bufio.NewWriterSize(w, 64<<10)}
	return x, x.write(head[:len(head)-2], []byte(",\n  \"proofs\": ["))
}

// ProofWalk walks the nodes of a proof, the root first, each once, with
// the edges into it, as graph.WalkProof and exposure.Result.ExplainFlat do.
// It never changes a node once visit has returned (Walk writes the nodes
// on another goroutine than the walk's); it may reuse the edges' slice.
type ProofWalk func(visit func(n *graph.Proof, depth int, edges []graph.ProofEdge) error) error

// Proof writes one proof tree in flat form, the nodes of pg only.
func (x *ExplanationJSON) Proof(p *graph.Proof, pg Page) error {
	if p == nil {
		return fmt.Errorf("write explanation: nil proof")
	}
	return x.Walk(func(visit func(*graph.Proof, int, []graph.ProofEdge) error) error {
		return graph.WalkProof(p, visit)
	}, pg)
}

// Walk writes the proof that walk visits, the nodes of pg only; the root's
// fields head the proof. The walk runs ahead on a goroutine of its own
// (ahead): building the nodes and writing them overlap.
func (x *ExplanationJSON) Walk(walk ProofWalk, pg Page) error {
	return x.WalkRange(func(from, to int, visit func(*graph.Proof, int, []graph.ProofEdge) error) (int, error) {
		total := 0
		err := walk(func(n *graph.Proof, depth int, in []graph.ProofEdge) error {
			i := total
			total++
			if i > 0 && (i < from || i >= to) {
				return nil
			}
			return visit(n, depth, in)
		})
		return total, err
	}, pg)
}

// RangeWalk walks a window of a proof, as exposure.Result.ExplainFlatRange
// does: visit gets the root (node 0) and the nodes numbered from..to-1 in
// the order of a ProofWalk, in that order; it returns how many nodes the
// whole proof has. The contract of ProofWalk holds for the nodes visited.
type RangeWalk func(from, to int, visit func(n *graph.Proof, depth int, edges []graph.ProofEdge) error) (int, error)

// WalkRange is Walk of a walk that builds the nodes of pg only (and the
// root, whose fields head the proof), so that a page of a large proof
// costs the page.
func (x *ExplanationJSON) WalkRange(walk RangeWalk, pg Page) error {
	from, to := pg.Offset, math.MaxInt
	if pg.Limit > 0 {
		to = pg.Offset + pg.Limit
	}
	var edges []graph.ProofEdge
	var buf []byte // one node's or edge's JSON, reused
	total, shown, next := 0, 0, 0
	err := ahead(func(visit func(*graph.Proof, int, []graph.ProofEdge) error) error {
		var err error
		total, err = walk(from, to, visit)
		return err
	})(func(n *graph.Proof, _ int, in []graph.ProofEdge) error {
		i := next // the node's number: the root, then from on
		if i == 0 {
			if err := x.head(n); err != nil {
				return err
			}
			next = max(from, 1)
		} else {
			next++
		}
		if i < from || i >= to {
			return nil
		}
		sep := ",\n        "
		if shown == 0 {
			sep = "\n        "
		}
		var err error
		if buf, err = appendNode(append(buf[:0], sep...), n); err != nil {
			return fmt.Errorf("write explanation: node %s: %w", n.Entity, err)
		}
		shown++
		edges = append(edges, in...)
		return x.write(buf)
	})
	if err != nil {
		return err
	}
	if total == 0 || next == 0 {
		return fmt.Errorf("write explanation: a proof without nodes")
	}
	if err := x.write([]byte(closing(shown, "      ")), []byte(",\n      \"edges\": [")); err != nil {
		return err
	}
	for i, e := range edges {
		sep := ",\n        "
		if i == 0 {
			sep = "\n        "
		}
		if err := x.write(appendEdge(append(buf[:0], sep...), e)); err != nil {
			return err
		}
	}
	tail := fmt.Sprintf(",\n      \"node_count\": %d", total)
	if pg.Offset > 0 || shown < total {
		next := fmt.Sprintf("ask for node_offset=%d for the next page", pg.Offset+shown)
		if pg.Offset+shown >= total {
			next = "this is the last page"
		}
		tail += fmt.Sprintf(",\n      \"page\": {\"offset\": %d, \"shown\": %d, \"truncated\": true, \"note\": %q}",
			pg.Offset, shown, fmt.Sprintf("nodes %d to %d of %d are shown, with the edges into them; %s",
				min(pg.Offset+1, total), pg.Offset+shown, total, next))
	}
	return x.write([]byte(closing(len(edges), "      ")), []byte(tail+"\n    }"))
}

// aheadBatch is how many nodes a walk run by ahead hands over at a time,
// aheadBatches how many batches it may be ahead.
const aheadBatch, aheadBatches = 256, 4

// errStopped ends a walk run by ahead whose visitor failed.
var errStopped = errors.New("write explanation: stopped")

// ahead returns walk run on a goroutine of its own, up to aheadBatches
// batches of nodes ahead of visit, which runs on the caller's goroutine,
// in the walk's order. visit's first error stops the walk and is
// returned; else the walk's error is.
func ahead(walk ProofWalk) ProofWalk {
	type item struct {
		n     *graph.Proof
		depth int
		edges []graph.ProofEdge
	}
	return func(visit func(*graph.Proof, int, []graph.ProofEdge) error) error {
		ch := make(chan []item, aheadBatches)
		quit := make(chan struct{})
		walked := make(chan error, 1)
		go func() {
			defer close(ch)
			var batch []item
			var edges []graph.ProofEdge // the batch's edges, which items slice
			send := func() bool {
				select {
				case ch <- batch:
					batch, edges = make([]item, 0, aheadBatch), nil
					return true
				case <-quit:
					return false
				}
			}
			err := walk(func(n *graph.Proof, depth int, in []graph.ProofEdge) error {
				edges = append(edges, in...)
				batch = append(batch, item{n, depth, edges[len(edges)-len(in) : len(edges) : len(edges)]})
				if len(batch) == aheadBatch && !send() {
					return errStopped
				}
				return nil
			})
			if err == nil && len(batch) > 0 && !send() {
				err = errStopped
			}
			walked <- err
		}()
		defer func() { // also when visit panics (a server recovers): no walk is left blocked
			close(quit)
			for range ch { // until the walk has stopped
			}
		}()
		for batch := range ch {
			for _, it := range batch {
				if err := visit(it.n, it.depth, it.edges); err != nil {
					return err
				}
			}
		}
		return <-walked
	}
}

// head opens a proof with the fields of its root.
func (x *ExplanationJSON) head(root *graph.Proof) error {
	sep := "\n    "
	if x.count > 0 {
		sep = ",\n    "
	}
	x.count++
	node := root.Node()
	head, err := json.Marshal(&node)
	if err != nil {
		return fmt.Errorf("write explanation: proof of %s: %w", root.Entity, err)
	}
	if head, err = indentJSON(head, "    "); err != nil {
		return err
	}
	rootID, _ := json.Marshal(root.Entity)
	return x.write([]byte(sep), head[:len(head)-6], []byte(",\n      \"root\": "), rootID, []byte(",\n      \"nodes\": ["))
}

// Close ends the document and flushes it.
func (x *ExplanationJSON) Close() error {
	if err := x.write([]byte(closing(x.count, "  ") + "\n}\n")); err != nil {
		return err
	}
	if err := x.w.Flush(); err != nil {
		return fmt.Errorf("write explanation: %w", err)
	}
	return nil
}

func (x *ExplanationJSON) write(parts ...[]byte) error {
	for _, b := range parts {
		if _, err := x.w.Write(b); err != nil {
			return fmt.Errorf("write explanation: %w", err)
		}
	}
	return nil
}

// closing ends a JSON array of n elements at indent.
func closing(n int, indent string) string {
	if n == 0 {
		return "]"
	}
	return "\n" + indent + "]"
}

// indentJSON indents a compact JSON value whose first line sits at prefix.
func indentJSON(b []byte, prefix string) ([]byte, error) {
	var out bytes.Buffer
	if err := json.Indent(&out, b, prefix, "  "); err != nil {
		return nil, fmt.Errorf("write explanation: %w", err)
	}
	return out.Bytes(), nil
}
