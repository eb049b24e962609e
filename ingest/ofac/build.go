package ofac

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// rec is one primary record being assembled.
type rec struct {
	ent      int
	line     int
	e        graph.Entity
	programs []string
	remarks  string
	links    []string
}

// pub is one publication: the records of the primary file by ent_num.
type pub struct {
	l     list
	recs  []*rec
	byEnt map[int]*rec
	stats Stats
}

// parse reads the files of one publication and emits its records.
func (l list) parse(ctx context.Context, paths [numRoles]string, data [numRoles][]byte, opt ingest.ParseOptions, emit func(*graph.Batch) error) (Stats, error) {
	rd := &reader{bad: opt.Bad}
	p := &pub{l: l, byEnt: make(map[int]*rec), stats: Stats{Orphans: map[string]int{}}}
	for r := rolePrimary; r < numRoles; r++ {
		if paths[r] == "" {
			continue
		}
		rows, err := rd.table(paths[r], data[r], r)
		if err != nil {
			return p.stats, err
		}
		if err := p.add(rd, paths[r], r, rows); err != nil {
			return p.stats, err
		}
		if err := ctx.Err(); err != nil {
			return p.stats, err
		}
	}
	p.stats.Records = len(p.recs)
	p.finish()
	return p.stats, p.emit(ctx, opt, emit)
}

// add takes the rows of one file.
func (p *pub) add(rd *reader, name string, r role, rows []row) error {
	for _, rw := range rows {
		var e *ingest.RowError
		if r == rolePrimary {
			e = p.primary(name, rw)
		} else if rc := p.byEnt[rw.ent]; rc == nil {
			p.stats.Orphans[[numRoles]string{"", "add", "alt", "comments"}[r]]++
		} else {
			e = rc.attach(name, r, rw)
		}
		if e != nil {
			if err := rd.bad(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// rowError builds a RowError about column c of rw in file name.
func rowError(name string, rw row, c, format string, args ...any) *ingest.RowError {
	return &ingest.RowError{File: name, Line: rw.line, Record: strconv.Itoa(rw.ent), Column: c, Reason: fmt.Sprintf(format, args...)}
}

// primary reads one SDN (CONS_PRIM) row.
func (p *pub) primary(name string, rw row) *ingest.RowError {
	f := rw.f
	if p.byEnt[rw.ent] != nil {
		return rowError(name, rw, "ent_num", "ent_num %d appears twice (first on line %d)", rw.ent, p.byEnt[rw.ent].line)
	}
	if f[1] == "" {
		return rowError(name, rw, "SDN_Name", "empty name")
	}
	kind, ok := sdnKind(f[2])
	if !ok {
		return rowError(name, rw, "SDN_Type", "unknown SDN_Type %q: want individual, vessel, aircraft or -0-", shorten(f[2]))
	}
	programs, bad := splitPrograms(f[3])
	if bad != "" {
		return rowError(name, rw, "Program", "bad program %q", shorten(bad))
	}
	id := strconv.Itoa(rw.ent)
	rc := &rec{ent: rw.ent, line: rw.line, programs: programs, remarks: f[11], e: graph.Entity{
		ID: "ofac:" + id, Kind: kind, Name: f[1],
		Provenance: graph.Provenance{Source: p.l.list, Record: id},
	}}
	for i, t := range columnFacts {
		if t != "" && f[i] != "" {
			rc.e.Facts = append(rc.e.Facts, graph.Fact{Type: t, Value: f[i]})
		}
	}
	p.recs = append(p.recs, rc)
	p.byEnt[rw.ent] = rc
	return nil
}

// columnFacts are the fact types of the SDN columns, by index.
var columnFacts = [12]string{4: graph.FactTitle, 5: graph.FactCallSign, 6: graph.FactVesselType, 7: graph.FactTonnage,
	8: FactGrossRegisteredTonnage, 9: graph.FactVesselFlag, 10: FactVesselOwner}

// sdnKind maps SDN_Type; null means an entity (a company or organisation).
func sdnKind(s string) (graph.Kind, bool) {
	switch strings.ToLower(s) {
	case "", "entity":
		return graph.KindCompany, true
	case "individual":
		return graph.KindPerson, true
	case "vessel":
		return graph.KindVessel, true
	case "aircraft":
		return graph.KindAircraft, true
	}
	return "", false
}

// splitPrograms splits "SDGT] [IFSR" (or "A; B") into codes; bad is the
// first code that is not one.
func splitPrograms(s string) (codes []string, bad string) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "["), "]"))
	if s == "" {
		return nil, "-0-"
	}
	for _, part := range strings.Split(strings.ReplaceAll(s, "; ", "] ["), "] [") {
		code := strings.TrimSpace(part)
		if !isProgram(code) {
			return nil, part
		}
		codes = ingest.AppendNew(codes, code)
	}
	return codes, ""
}

func isProgram(s string) bool {
	if s == "" || len(s) > 50 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte(" -._/", c) >= 0) {
			return false
		}
	}
	return true
}
