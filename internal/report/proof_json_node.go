package report

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/ownex/ownex/graph"
)

// This file writes the nodes and edges of a flat proof (ExplanationJSON)
// by hand: a proof of the 100,000-company chain has 300,003 nodes in
// three regimes, and encoding/json's reflection cost about 10 µs each
// (issue 15). The bytes are exactly those of json.Marshal of the node
// (graph.Proof.Node) or edge: the same fields in the same order, the same
// omitempty rules, strings escaped by encoding/json itself unless they
// need no escape (jsonString). The rare parts whose encoding has more
// rules (possible links' float scores, the elision's map) are handed to
// json.Marshal. TestNodeJSONMatchesMarshal holds the two together.

// appendNode appends the JSON of p as a node of the flat form: p's fields
// without the nested proofs of its owners and controllers.
func appendNode(dst []byte, p *graph.Proof) ([]byte, error) {
	dst = append(dst, `{"id":`...)
	dst = jsonString(dst, p.Entity)
	dst = append(dst, `,"name":`...)
	dst = jsonString(dst, p.Name)
	dst = append(dst, `,"regime":`...)
	dst = jsonString(dst, string(p.Regime))
	dst = append(dst, `,"status":`...)
	dst = jsonString(dst, string(p.Status))
	dst = optString(dst, `,"run":`, string(p.Run))
	dst = optString(dst, `,"rule":`, p.Rule)
	dst = optString(dst, `,"threshold":`, p.Threshold)
	dst = appendRange(append(dst, `,"share":`...), p.Share)
	dst = appendRange(append(dst, `,"votes":`...), p.Votes)
	dst = optString(dst, `,"person":`, p.Person)
	dst = appendList(dst, `,"designations":`, p.Designations, appendDesignation)
	dst = appendList(dst, `,"holdings":`, p.Holdings, appendProofHolding)
	dst = appendList(dst, `,"controls":`, p.Controls, appendProofControl)
	dst = appendList(dst, `,"flags":`, p.Flags, func(dst []byte, f *graph.Flag) []byte { return jsonString(dst, string(*f)) })
	dst = appendList(dst, `,"notes":`, p.Notes, func(dst []byte, n *string) []byte { return jsonString(dst, *n) })
	var err error
	if len(p.PossiblySameAs) > 0 {
		if dst, err = marshalled(append(dst, `,"possibly_same_as":`...), p.PossiblySameAs); err != nil {
			return nil, err
		}
	}
	if len(p.PossiblyExposedVia) > 0 {
		if dst, err = marshalled(append(dst, `,"possibly_exposed_via":`...), p.PossiblyExposedVia); err != nil {
			return nil, err
		}
	}
	dst = optString(dst, `,"possible_status":`, string(p.PossibleStatus))
	if p.Elided != nil {
		if dst, err = marshalled(append(dst, `,"elided":`...), p.Elided); err != nil {
			return nil, err
		}
	}
	return append(dst, '}'), nil
}

// appendList appends key and the array of xs, each by appendOne, unless xs
// is empty (omitempty).
func appendList[T any](dst []byte, key string, xs []T, appendOne func([]byte, *T) []byte) []byte {
	if len(xs) == 0 {
		return dst
	}
	dst = append(append(dst, key...), '[')
	for i := range xs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendOne(dst, &xs[i])
	}
	return append(dst, ']')
}

// appendEdge appends the JSON of e.
func appendEdge(dst []byte, e graph.ProofEdge) []byte {
	dst = jsonString(append(dst, `{"from":`...), e.From)
	dst = jsonString(append(dst, `,"to":`...), e.To)
	dst = jsonString(append(dst, `,"kind":`...), e.Kind)
	return append(dst, '}')
}

func appendProofHolding(dst []byte, h *graph.ProofHolding) []byte {
	dst = jsonString(append(dst, `{"owner":`...), h.Owner)
	dst = jsonString(append(dst, `,"owned":`...), h.Owned)
	dst = appendRange(append(dst, `,"share":`...), h.Share)
	dst = appendRange(append(dst, `,"votes":`...), h.Votes)
	dst = optString(dst, `,"arrangement":`, h.Arrangement)
	dst = optString(dst, `,"ref":`, h.Ref)
	if h.Nth != 0 {
		dst = strconv.AppendInt(append(dst, `,"nth":`...), int64(h.Nth), 10)
	}
	dst = appendSpan(dst, h.Span)
	dst = appendProvenance(dst, h.Provenance)
	dst = jsonString(append(dst, `,"owner_name":`...), h.OwnerName)
	dst = jsonString(append(dst, `,"owner_status":`...), string(h.OwnerStatus))
	dst = appendRange(append(dst, `,"counted_share":`...), h.CountedShare)
	dst = appendRange(append(dst, `,"counted_votes":`...), h.CountedVotes)
	if h.Merge != nil {
		// The reports of a merged stake (few): as json.Marshal writes
		// them (a StakeMerge has nothing that cannot be encoded).
		b, _ := json.Marshal(h.Merge)
		dst = append(append(dst, `,"merge":`...), b...)
	}
	return append(dst, '}')
}

func appendProofControl(dst []byte, c *graph.ProofControl) []byte {
	dst = jsonString(append(dst, `{"controller":`...), c.Controller)
	dst = jsonString(append(dst, `,"controlled":`...), c.Controlled)
	dst = jsonString(append(dst, `,"basis":`...), string(c.Basis))
	dst = optString(dst, `,"ref":`, c.Ref)
	dst = appendSpan(dst, c.Span)
	dst = appendProvenance(dst, c.Provenance)
	dst = jsonString(append(dst, `,"controller_name":`...), c.ControllerName)
	dst = jsonString(append(dst, `,"controller_status":`...), string(c.ControllerStatus))
	return append(dst, '}')
}

func appendDesignation(dst []byte, d *graph.Designation) []byte {
	dst = jsonString(append(dst, `{"entity":`...), d.Entity)
	dst = jsonString(append(dst, `,"regime":`...), string(d.Regime))
	dst = optString(dst, `,"program":`, d.Program)
	dst = optString(dst, `,"listed":`, string(d.Listed))
	dst = optString(dst, `,"delisted":`, string(d.Delisted))
	dst = appendProvenance(dst, d.Provenance)
	return append(dst, '}')
}

func appendSpan(dst []byte, s graph.Span) []byte {
	dst = optString(dst, `,"start":`, string(s.Start))
	return optString(dst, `,"end":`, string(s.End))
}

func appendProvenance(dst []byte, p graph.Provenance) []byte {
	dst = optString(dst, `,"source":`, p.Source)
	return optString(dst, `,"record":`, p.Record)
}

// appendRange appends r as graph.Range's JSON: min and max as exact
// decimals (graph.Pct.MarshalJSON), their openness when set.
func appendRange(dst []byte, r graph.Range) []byte {
	dst = r.Lo.Append(append(dst, `{"min":`...))
	dst = r.Hi.Append(append(dst, `,"max":`...))
	if r.LoOpen {
		dst = append(dst, `,"min_open":true`...)
	}
	if r.HiOpen {
		dst = append(dst, `,"max_open":true`...)
	}
	return append(dst, '}')
}

// optString appends key and s unless s is empty (omitempty).
func optString(dst []byte, key, s string) []byte {
	if s == "" {
		return dst
	}
	return jsonString(append(dst, key...), s)
}

// jsonString appends s as a JSON string exactly as encoding/json writes
// it. Printable ASCII is written here: as is, but for " and \ (escaped
// with a backslash) and <, > and & (escaped for HTML as \u003c, \u003e,
// \u0026). A string with any other byte (control characters, non-ASCII,
// perhaps invalid UTF-8, U+2028 and U+2029) is left to json.Marshal.
func jsonString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7f {
			b, _ := json.Marshal(s) // a string always encodes
			return append(dst, b...)
		}
	}
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '"':
			esc = `\"`
		case '\\':
			esc = `\\`
		case '<':
			esc = `\u003c`
		case '>':
			esc = `\u003e`
		case '&':
			esc = `\u0026`
		default:
			continue
		}
		dst = append(append(dst, s[start:i]...), esc...)
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// marshalled appends v as json.Marshal encodes it.
func marshalled(dst []byte, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("write explanation: %w", err)
	}
	return append(dst, b...), nil
}
