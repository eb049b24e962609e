package ofac_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/ofac"
)

// result is everything a parse emitted.
type result struct {
	graph.Batch
	batches int
	stats   ofac.Stats
	byID    map[string]graph.Entity
}

func sample(dir string, names ...string) []string {
	var files []string
	for _, n := range names {
		files = append(files, filepath.Join("..", "..", "testdata", "ofac", dir, n))
	}
	return files
}

// load parses files strictly with src and fails the test on error.
func load(t testing.TB, src ingest.Source, files []string, size int) *result {
	t.Helper()
	r := &result{byID: map[string]graph.Entity{}}
	st, err := src.(*ofac.Source).ParseStats(context.Background(), files, ingest.ParseOptions{BatchSize: size}, func(b *graph.Batch) error {
		if b.Len() > size && size > 0 {
			t.Errorf("batch of %d records, want at most %d", b.Len(), size)
		}
		r.batches++
		r.Entities = append(r.Entities, b.Entities...)
		r.Designations = append(r.Designations, b.Designations...)
		r.Links = append(r.Links, b.Links...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.stats = st
	for _, e := range r.Entities {
		r.byID[e.ID] = e
	}
	return r
}

type counts struct {
	entities, aliases, weak, addresses, designations, links, resolved int
	kinds                                                             map[graph.Kind]int
	schemes                                                           map[string]int
}

func (r *result) counts() counts {
	c := counts{entities: len(r.Entities), designations: len(r.Designations), links: len(r.Links),
		kinds: map[graph.Kind]int{}, schemes: map[string]int{}}
	for _, e := range r.Entities {
		c.aliases += len(e.Aliases)
		c.weak += len(e.WeakAliases)
		c.addresses += len(e.Addresses)
		c.kinds[e.Kind]++
		for _, id := range e.Identifiers {
			c.schemes[id.Scheme]++
		}
	}
	for _, l := range r.Links {
		if l.To != "" {
			c.resolved++
		}
	}
	return c
}

func checkCounts(t *testing.T, got, want counts) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("counts\n got %+v\nwant %+v", got, want)
	}
}

func (r *result) entity(t *testing.T, id string) graph.Entity {
	t.Helper()
	e, ok := r.byID[id]
	if !ok {
		t.Fatalf("no entity %s", id)
	}
	return e
}

func (r *result) programs(id string) []string {
	var p []string
	for _, d := range r.Designations {
		if d.Entity == id {
			p = append(p, d.Program)
		}
	}
	return p
}

func (r *result) linksFrom(id string) []graph.Link {
	var ls []graph.Link
	for _, l := range r.Links {
		if l.From == id {
			ls = append(ls, l)
		}
	}
	return ls
}

func checkEntity(t *testing.T, got, want graph.Entity) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entity %s\n got %#v\nwant %#v", want.ID, got, want)
	}
}

func prov(list, rec string) graph.Provenance { return graph.Provenance{Source: list, Record: rec} }

func fact(typ, v string) graph.Fact { return graph.Fact{Type: typ, Value: v} }

func id(scheme, v, country string) graph.Identifier {
	return graph.Identifier{Scheme: scheme, Value: v, Country: country}
}
