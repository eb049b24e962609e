package cypher

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed *.cypher
var files embed.FS

// Param is a declared parameter of a query.
type Param struct {
	Name        string
	Type        string // string, int or float
	Default     string // empty: required
	Description string
}

// Query is one catalog entry.
type Query struct {
	Name        string
	Description string
	Params      []Param
	Text        string
}

// Catalog returns every query, sorted by name.
func Catalog() ([]Query, error) {
	names, err := fs.Glob(files, "*.cypher")
	if err != nil {
		return nil, err
	}
	var out []Query
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		q, err := parse(string(b))
		if err != nil {
			return nil, fmt.Errorf("cypher catalog %s: %w", n, err)
		}
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Lookup returns the query called name.
func Lookup(name string) (Query, error) {
	all, err := Catalog()
	if err != nil {
		return Query{}, err
	}
	var names []string
	for _, q := range all {
		if q.Name == name {
			return q, nil
		}
		names = append(names, q.Name)
	}
	return Query{}, fmt.Errorf("no query %q in the catalog (have: %s)", name, strings.Join(names, ", "))
}

func parse(text string) (Query, error) {
	q := Query{Text: text}
	for _, line := range strings.Split(text, "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "//")
		if !ok {
			continue
		}
		key, val, ok := strings.Cut(strings.TrimSpace(rest), ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch key {
		case "name":
			q.Name = val
		case "description":
			q.Description = val
		case "param":
			p, err := parseParam(val)
			if err != nil {
				return q, err
			}
			q.Params = append(q.Params, p)
		}
	}
	if q.Name == "" || q.Description == "" {
		return q, fmt.Errorf("header lacks name or description")
	}
	return q, nil
}

// parseParam reads "depth int = 3   how many levels up".
func parseParam(s string) (Param, error) {
	f := strings.Fields(s)
	if len(f) < 2 {
		return Param{}, fmt.Errorf("bad param line %q", s)
	}
	p := Param{Name: f[0], Type: f[1]}
	rest := f[2:]
	if len(rest) >= 2 && rest[0] == "=" {
		p.Default, rest = rest[1], rest[2:]
	}
	p.Description = strings.Join(rest, " ")
	switch p.Type {
	case "string", "int", "float":
	default:
		return Param{}, fmt.Errorf("param %s: unknown type %q", p.Name, p.Type)
	}
	return p, nil
}

// Bind converts key=value strings into typed parameters, fills defaults
// and rejects unknown or missing ones.
func (q Query) Bind(values map[string]string) (map[string]any, error) {
	out := make(map[string]any, len(q.Params))
	known := map[string]bool{}
	for _, p := range q.Params {
		known[p.Name] = true
		raw, ok := values[p.Name]
		if !ok {
			if p.Default == "" {
				return nil, fmt.Errorf("query %s: missing parameter %s (%s)", q.Name, p.Name, p.Description)
			}
			raw = p.Default
		}
		v, err := convert(p, raw)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", q.Name, err)
		}
		out[p.Name] = v
	}
	for k := range values {
		if !known[k] {
			return nil, fmt.Errorf("query %s: unknown parameter %q", q.Name, k)
		}
	}
	return out, nil
}

func convert(p Param, raw string) (any, error) {
	switch p.Type {
	case "int":
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %q is not an integer", p.Name, raw)
		}
		return n, nil
	case "float":
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %q is not a number", p.Name, raw)
		}
		return f, nil
	}
	return raw, nil
}
