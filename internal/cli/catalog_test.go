package cli

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ownex/ownex/queries/cypher"
)

// rowsText renders query rows as "col=value ..." lines for comparison.
func rowsText(rows []map[string]any, cols ...string) []string {
	var out []string
	for _, r := range rows {
		var parts []string
		for _, c := range cols {
			parts = append(parts, c+"="+formatValue(r[c]))
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

// TestCatalogQueries runs every catalog query on the known graph of
// testdata/catalog (see its README) and compares the rows with the ones
// derived by hand (issue 3, acceptance 6).
func TestCatalogQueries(t *testing.T) {
	cfg, _ := neo4jConfig(t)
	mustIngest(t, cfg, "../../testdata/catalog")
	analyzeRaw(t, cfg, AnalyzeOptions{AsOf: "2025-01-01", Format: "jsonl", WriteBack: true})
	tests := []struct {
		query  string
		params []string
		cols   []string
		want   []string
	}{
		{"chain", []string{"from=X", "to=C"}, []string{"path", "shares_min", "multiplied_min"},
			[]string{"path=[X A B C] shares_min=[60 50 30] multiplied_min=9"}},
		{"chain", []string{"from=X", "to=C", "max_hops=2"}, []string{"path"}, nil},
		{"owners", []string{"id=C", "depth=2"}, []string{"owner", "level", "shares_min"},
			[]string{"owner=B level=1 shares_min=[30]", "owner=D level=1 shares_min=[20]", "owner=N level=1 shares_min=[80]", "owner=A level=2 shares_min=[50 30]"}},
		{"holdings", []string{"id=A"}, []string{"held", "level", "path"},
			[]string{"held=B level=1 path=[A B]", "held=E level=1 path=[A E]", "held=C level=2 path=[A B C]", "held=D level=3 path=[A B C D]"}},
		{"designated-near", []string{"id=B", "hops=2"}, []string{"designated", "regime", "program", "hops"},
			[]string{"designated=X regime=ofac program=SDGT hops=2"}},
		{"designated-near", []string{"id=B", "hops=1"}, []string{"designated"}, nil},
		{"exposed", []string{"regime=ofac"}, []string{"id", "status", "roots"},
			[]string{"id=A status=blocked roots=[X]", "id=B status=blocked roots=[X]", "id=E status=blocked roots=[X]"}},
		{"exposed", []string{"regime=uk"}, []string{"id"}, nil},
		{"over-allocated", nil, []string{"id", "total_share_min", "holdings"}, []string{"id=C total_share_min=130 holdings=3"}},
		{"cycles", nil, []string{"cycle", "length"}, []string{"cycle=[C D C] length=2"}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.query] = true
		got := rowsText(queryRows(t, cfg, tt.query, tt.params...), tt.cols...)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("query %s %v:\n got %q\nwant %q", tt.query, tt.params, got, tt.want)
		}
	}
	all, err := cypher.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range all {
		if !seen[q.Name] {
			t.Errorf("catalog query %s has no test", q.Name)
		}
	}
}

func TestQueryUsage(t *testing.T) {
	cfg := Config{Store: "neo4j", Neo4jURI: "bolt://127.0.0.1:1"}
	for _, tc := range []struct {
		name   string
		params []string
	}{{"nosuch", nil}, {"owners", nil}, {"owners", []string{"id=A", "depth=three"}}, {"owners", []string{"id=A", "bogus=1"}}, {"owners", []string{"id"}}} {
		err := Query(context.Background(), Env{Stdout: &bytes.Buffer{}}, cfg, tc.name, QueryOptions{Params: tc.params})
		if ExitCode(err) != 2 {
			t.Errorf("%s %v: err %v, want exit 2", tc.name, tc.params, err)
		}
	}
	var out bytes.Buffer
	if err := Query(context.Background(), Env{Stdout: &out}, Config{}, "", QueryOptions{List: true}); err != nil || !strings.Contains(out.String(), "over-allocated") {
		t.Fatalf("list: %v\n%s", err, out.String())
	}
	err := Query(context.Background(), Env{Stdout: &bytes.Buffer{}}, Config{Store: "sqlite"}, "owners", QueryOptions{Params: []string{"id=A"}})
	if ExitCode(err) != 2 || !strings.Contains(err.Error(), "neo4j") {
		t.Errorf("sqlite store: %v", err)
	}
}
