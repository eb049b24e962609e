package neo4j

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// DumpGraph returns every node and every relationship of the database as
// one canonical line each, sorted: labels and typed properties of nodes,
// type, end nodes and typed properties of relationships. Properties named
// "Label.prop" in skip are left out (values that differ between two loads
// of the same files, such as load times). SAME_AS is written with its ends
// in byte order: the batched writer MERGEs it without a direction.
func DumpGraph(ctx context.Context, s *Store, skip map[string]bool) ([]string, error) {
	nodes := map[string]string{} // element id -> canonical node
	var out []string
	err := s.read(ctx, `MATCH (n) RETURN elementId(n), labels(n), properties(n)`, nil, func(r *neo4j.Record) error {
		f := newFields([]string{"elementId(n)", "labels(n)", "properties(n)"}, r.Values)
		labels := f.list(1, true)
		if err := f.check(func() string { return "node" }); err != nil {
			return err
		}
		sort.Strings(labels)
		props := r.Values[2].(map[string]any)
		line := "(" + strings.Join(labels, ":") + " " + canonProps(labels, props, skip) + ")"
		nodes[r.Values[0].(string)] = line
		out = append(out, line)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.read(ctx, `MATCH (a)-[r]->(b) RETURN elementId(a), elementId(b), type(r), properties(r)`, nil, func(r *neo4j.Record) error {
		a, b, typ := nodes[r.Values[0].(string)], nodes[r.Values[1].(string)], r.Values[2].(string)
		if typ == "SAME_AS" && b < a {
			a, b = b, a
		}
		out = append(out, a+"-[:"+typ+" "+canonProps([]string{typ}, r.Values[3].(map[string]any), skip)+"]->"+b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(out)
	return out, nil
}

// canonProps renders props sorted by name, each value with its Go type
// (int64, float64, string, bool, list), so that 1 and 1.0 or a missing
// and an empty list differ.
func canonProps(labels []string, props map[string]any, skip map[string]bool) string {
	keys := make([]string, 0, len(props))
	for k := range props {
		if !slices.ContainsFunc(labels, func(l string) bool { return skip[l+"."+k] }) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%T:%q", k, props[k], fmt.Sprint(props[k]))
		if l, ok := props[k].([]any); ok {
			parts[i] = fmt.Sprintf("%s=list%d:%#v", k, len(l), l)
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
