package ofac

import (
	"context"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// attach adds an ADD, ALT or COMMENTS row to its record.
func (rc *rec) attach(name string, r role, rw row) *ingest.RowError {
	f := rw.f
	switch r {
	case roleAddress:
		if !isInt(f[1]) {
			return rowError(name, rw, "Add_num", "Add_num %q is not an integer", shorten(f[1]))
		}
		rc.address(graph.Address{Street: f[2], City: f[3], Country: f[4]})
	case roleAlias:
		if !isInt(f[1]) {
			return rowError(name, rw, "alt_num", "alt_num %q is not an integer", shorten(f[1]))
		}
		switch strings.ToLower(f[2]) {
		case "aka", "fka", "nka", "a.k.a.", "f.k.a.", "n.k.a.":
		default:
			return rowError(name, rw, "alt_type", "unknown alt_type %q: want aka, fka or nka", shorten(f[2]))
		}
		if f[3] == "" {
			return rowError(name, rw, "alt_name", "empty alias")
		}
		if f[3] != rc.e.Name {
			rc.e.Aliases = ingest.AppendNew(rc.e.Aliases, f[3])
		}
	case roleComments:
		// The comments file continues the Remarks field mid-token: plain
		// concatenation of the raw texts, no separator.
		rc.remarks += f[1]
	}
	return nil
}

// address adds a, its country read as an ISO code (ingest.AddCountry:
// also in Countries when known, the name kept as a country-name fact).
func (rc *rec) address(a graph.Address) {
	if a == (graph.Address{}) {
		return
	}
	a.Country = ingest.AddCountry(&rc.e, a.Country)
	for _, have := range rc.e.Addresses {
		if have == a {
			return
		}
	}
	rc.e.Addresses = append(rc.e.Addresses, a)
}

func isInt(s string) bool {
	if s == "" || len(s) > 10 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// finish parses the remarks of every record.
func (p *pub) finish() {
	for _, rc := range p.recs {
		r := ParseRemarks(rc.remarks)
		for i := range r.Identifiers {
			r.Identifiers[i].Country = ingest.Country(&rc.e, r.Identifiers[i].Country)
		}
		rc.e.Identifiers = r.Identifiers
		rc.e.Facts = append(rc.e.Facts, r.Facts...)
		for _, w := range r.WeakAliases {
			rc.e.WeakAliases = ingest.AppendNew(rc.e.WeakAliases, w)
		}
		rc.links = r.Links
	}
}

// normName is the key under which "Linked To:" names are matched.
func normName(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	return strings.ToLower(ingest.Clean(s))
}

// targets maps each primary name to its record, nil when several records
// share the name.
func (p *pub) targets() map[string]*rec {
	m := make(map[string]*rec, len(p.recs))
	for _, rc := range p.recs {
		k := normName(rc.e.Name)
		if _, dup := m[k]; dup {
			m[k] = nil
			continue
		}
		m[k] = rc
	}
	return m
}

// link resolves a "Linked To:" name: to the one record of that name (ToName
// is then its primary name as published), else to nothing (ToName is the
// name as written in the remarks, final period trimmed).
func link(from *rec, name string, to map[string]*rec) graph.Link {
	l := graph.Link{From: from.e.ID, ToName: name, Type: graph.LinkLinkedTo, Provenance: from.e.Provenance}
	if t := to[normName(name)]; t != nil {
		l.To, l.ToName = t.e.ID, t.e.Name
	}
	return l
}

// emit sends entities with their designations, then the links, in
// batches of at most opt.Size() records (a record's designations stay with
// it). The context is checked before each batch.
func (p *pub) emit(ctx context.Context, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	b := ingest.NewBatcher(ctx, opt, func(out *graph.Batch) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return emit(out)
	})
	q := b.Group()
	for _, rc := range p.recs {
		q.Entities = append(q.Entities, rc.e)
		for _, prog := range rc.programs {
			q.Designations = append(q.Designations, graph.Designation{Entity: rc.e.ID, Regime: p.l.regime, Program: prog, Provenance: rc.e.Provenance})
		}
		if err := b.Commit(); err != nil {
			return err
		}
	}
	to := p.targets()
	for _, rc := range p.recs {
		for _, name := range rc.links {
			b.Batch().Links = append(b.Batch().Links, link(rc, name, to))
			if err := b.Add(); err != nil {
				return err
			}
		}
	}
	return b.Flush()
}
