package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/ownex/ownex/queries/cypher"
)

// QueryOptions are the flags of `ownex query`.
type QueryOptions struct {
	List   bool     // list the catalog
	Params []string // key=value
	Format string   // table or jsonl
}

// querier is what a store needs to run catalog queries: Neo4j's alone,
// so it is optional, outside graph.Store.
type querier interface {
	Query(ctx context.Context, text string, params map[string]any, each func(cols []string, vals []any) error) error
}

// Query lists the Cypher catalog or runs one named query on Neo4j.
func Query(ctx context.Context, env Env, cfg Config, name string, opt QueryOptions) error {
	if opt.List || name == "" {
		return listQueries(env)
	}
	q, err := cypher.Lookup(name)
	if err != nil {
		return &UsageError{Err: err}
	}
	values, err := parseParams(opt.Params)
	if err != nil {
		return err
	}
	params, err := q.Bind(values)
	if err != nil {
		return &UsageError{Err: err}
	}
	if opt.Format != "" && opt.Format != "table" && opt.Format != "jsonl" {
		return Usagef("--format: unknown format %q: want table or jsonl", opt.Format)
	}
	if cfg.Store != "neo4j" {
		return Usagef("query runs the Cypher catalog on Neo4j: add --store neo4j")
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	qr, ok := st.(querier)
	if !ok {
		return Usagef("store %s cannot run Cypher queries", cfg.Store)
	}
	return runQuery(ctx, env, qr, q, params, opt.Format)
}

func runQuery(ctx context.Context, env Env, qr querier, q cypher.Query, params map[string]any, format string) error {
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	enc := json.NewEncoder(env.Stdout)
	header := false
	rows := 0
	err := qr.Query(ctx, q.Text, params, func(cols []string, vals []any) error {
		rows++
		if format == "jsonl" {
			m := make(map[string]any, len(cols))
			for i, c := range cols {
				m[c] = vals[i]
			}
			return enc.Encode(m)
		}
		if !header {
			header = true
			fmt.Fprintln(tw, strings.ToUpper(strings.Join(cols, "\t")))
		}
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = formatValue(v)
		}
		_, err := fmt.Fprintln(tw, strings.Join(cells, "\t"))
		return err
	})
	if err != nil {
		return fmt.Errorf("query %s: %w", q.Name, err)
	}
	if format != "jsonl" && rows == 0 {
		fmt.Fprintln(tw, "(no rows)")
	}
	return tw.Flush()
}

func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e)
		}
		return "[" + strings.Join(parts, " ") + "]"
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.6f", x), "0"), ".")
	}
	return fmt.Sprint(v)
}

func parseParams(kvs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, Usagef("--param %q: want key=value", kv)
		}
		out[k] = v
	}
	return out, nil
}

func listQueries(env Env) error {
	qs, err := cypher.Catalog()
	if err != nil {
		return err
	}
	for _, q := range qs {
		fmt.Fprintf(env.Stdout, "%s\n    %s\n", q.Name, q.Description)
		ps := append([]cypher.Param(nil), q.Params...)
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].Default == "" && ps[j].Default != "" })
		for _, p := range ps {
			def := "required"
			if p.Default != "" {
				def = "default " + p.Default
			}
			fmt.Fprintf(env.Stdout, "    --param %s=<%s>  %s (%s)\n", p.Name, p.Type, p.Description, def)
		}
	}
	return nil
}
