package cypher

import (
	"regexp"
	"strings"
	"testing"
)

func TestCatalogParses(t *testing.T) {
	qs, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) < 7 {
		t.Fatalf("catalog has %d queries", len(qs))
	}
	param := regexp.MustCompile(`\$([a-z_]+)`)
	for _, q := range qs {
		declared := map[string]bool{}
		for _, p := range q.Params {
			declared[p.Name] = true
		}
		// Every $parameter used is declared, and every declared one used.
		used := map[string]bool{}
		for _, m := range param.FindAllStringSubmatch(q.Text, -1) {
			used[m[1]] = true
			if !declared[m[1]] {
				t.Errorf("%s uses undeclared $%s", q.Name, m[1])
			}
		}
		for p := range declared {
			if !used[p] {
				t.Errorf("%s declares unused %s", q.Name, p)
			}
		}
		if strings.Contains(q.Text, "{{") || strings.Contains(q.Text, "%s") {
			t.Errorf("%s contains a template placeholder", q.Name)
		}
	}
}

func TestBind(t *testing.T) {
	q, err := Lookup("owners")
	if err != nil {
		t.Fatal(err)
	}
	p, err := q.Bind(map[string]string{"id": "A"})
	if err != nil || p["id"] != "A" || p["depth"] != int64(3) {
		t.Fatalf("bind = %v, %v", p, err)
	}
	for _, bad := range []map[string]string{{}, {"id": "A", "depth": "x"}, {"id": "A", "zzz": "1"}} {
		if _, err := q.Bind(bad); err == nil {
			t.Errorf("bind %v: want error", bad)
		}
	}
	if _, err := Lookup("nope"); err == nil {
		t.Error("lookup of an unknown query must fail")
	}
}
