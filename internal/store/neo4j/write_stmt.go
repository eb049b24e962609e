package neo4j

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/ownex/ownex/graph"
)

// The batched writer's row layouts and statements (write.go).

// rowCols numbers the named columns of list rows, so that the statements
// can be written with names: r.name in a statement template becomes r[i].
type rowCols []string

var rowRef = regexp.MustCompile(`\br\.([a-z_]+)\b`)

// cypher returns template with each r.<name> replaced by r[<position>].
func (c rowCols) cypher(template string) string {
	return rowRef.ReplaceAllStringFunc(template, func(m string) string {
		name := m[2:]
		for i, n := range c {
			if n == name {
				return fmt.Sprintf("r[%d]", i)
			}
		}
		panic("neo4j: statement uses unknown column r." + name)
	})
}

// Columns of an entity row.
var entityCols = rowCols{"id", "name", "kind", "aliases", "aliases_text", "weak_aliases", "countries",
	"content", "source", "record", "identifiers", "node"}

const (
	eID = iota
	eName
	eKind
	eAliases
	eAliasesText
	eWeakAliases
	eCountries
	eContent
	eSource
	eRecord
	eIdentifiers // [[key, scheme, value, country], ...]
	eNode        // internal node id, for updates
	eCols
)

// kindLabel lists the kinds that have a label of their own, in the order
// of the entity statements. An entity of any other kind has only :Entity.
var kindLabel = []struct {
	kind  graph.Kind
	label string
}{
	{graph.KindPerson, "Person"}, {graph.KindCompany, "Company"}, {graph.KindOrganization, "Organization"},
	{graph.KindVessel, "Vessel"}, {graph.KindAircraft, "Aircraft"}, {graph.KindUnknown, "Unknown"},
}

// kindGroup returns the position of k in kindLabel, or len(kindLabel).
func kindGroup(k string) int {
	for i, kl := range kindLabel {
		if string(kl.kind) == k {
			return i
		}
	}
	return len(kindLabel)
}

// cypherCreateEntity creates new entities ($since: the start of their
// version, $published in a list load). It returns e.id rather than a
// column of the row: returning r[…] makes the planner buffer every row
// twice (Eager).
const cypherCreateEntity = `
UNWIND $rows AS r
CREATE (e:Entity%s {id: r.id, name: r.name, kind: r.kind, aliases: r.aliases, aliases_text: r.aliases_text,
                    weak_aliases: r.weak_aliases, countries: r.countries, content: r.content,
                    source: r.source, record: r.record, stub: false, load_id: $load, since: $since})
%s
RETURN e.id, id(e)
`

const cypherCreateIdentifiers = `
FOREACH (idf IN r.identifiers |
  MERGE (i:Identifier {key: idf[0]})
  ON CREATE SET i.scheme = idf[1], i.value = idf[2], i.country = idf[3]
  CREATE (e)-[:HAS_IDENTIFIER]->(i))`

// cypherUpdateEntity is cypherUpsertEntities for an entity that exists,
// found by its node id.
const cypherUpdateEntity = `
UNWIND $rows AS r
MATCH (e) WHERE id(e) = r.node AND e.id = r.id` + cypherSetEntity + `
%s
FOREACH (old IN [(e)-[o:HAS_IDENTIFIER]->() | o] | DELETE old)
FOREACH (idf IN r.identifiers |
  MERGE (i:Identifier {key: idf[0]})
  ON CREATE SET i.scheme = idf[1], i.value = idf[2], i.country = idf[3]
  MERGE (e)-[:HAS_IDENTIFIER]->(i))
RETURN e.id, id(e)
`

// Entity statements: create[group][1 if the rows have identifiers] and
// update[group].
var entityStmt = func() (s struct {
	create [][2]string
	update []string
}) {
	all := make([]string, len(kindLabel))
	for i, kl := range kindLabel {
		all[i] = kl.label
	}
	for g := 0; g <= len(kindLabel); g++ {
		label, labels := "", "REMOVE e:"+strings.Join(all, ":")
		if g < len(kindLabel) {
			label = ":" + kindLabel[g].label
			others := append(append([]string{}, all[:g]...), all[g+1:]...)
			labels = "REMOVE e:" + strings.Join(others, ":") + "\nSET e" + label
		}
		s.create = append(s.create, [2]string{
			entityCols.cypher(fmt.Sprintf(cypherCreateEntity, label, "")),
			entityCols.cypher(fmt.Sprintf(cypherCreateEntity, label, cypherCreateIdentifiers)),
		})
		s.update = append(s.update, entityCols.cypher(fmt.Sprintf(cypherUpdateEntity, labels)))
	}
	return s
}()

// Columns of a holding or control-edge row: the node ids and IDs of both
// ends, the key, then the properties.
var (
	holdingRowCols = rowCols{"a", "b", "from", "to", "key", "share_min", "share_max", "votes_min", "votes_max",
		"share_open", "votes_open", "arrangement", "start", "end", "source", "record"}
	controlRowCols = rowCols{"a", "b", "from", "to", "key", "basis", "start", "end", "source", "record"}
)

const (
	relA = iota
	relB
	relFrom
	relTo
	relKey
	relProps
)

const cypherRelEnds = `
UNWIND $rows AS r
MATCH (a) WHERE id(a) = r.a AND a.id = r.from
MATCH (b) WHERE id(b) = r.b AND b.id = r.to
`

// relSpec is the statements of one relationship type between entities.
type relSpec struct {
	what          string
	create, merge string // return the number of rows written
	count         string // the number of relationships of the type
}

var (
	ownsSpec = relSpec{what: "holdings",
		create: holdingRowCols.cypher(cypherRelEnds + `
CREATE (a)-[h:OWNS {key: r.key, share_min: r.share_min, share_max: r.share_max, votes_min: r.votes_min,
                    votes_max: r.votes_max, share_open: r.share_open, votes_open: r.votes_open,
                    arrangement: r.arrangement, start: r.start, end: r.end, source: r.source, record: r.record,
                    load_id: $load}]->(b)
RETURN count(*)`),
		merge: holdingRowCols.cypher(cypherRelEnds + `
MERGE (a)-[h:OWNS {key: r.key}]->(b)
SET h.share_min = r.share_min, h.share_max = r.share_max, h.votes_min = r.votes_min, h.votes_max = r.votes_max,
    h.share_open = r.share_open, h.votes_open = r.votes_open,
    h.arrangement = r.arrangement, h.start = r.start, h.end = r.end, h.source = r.source, h.record = r.record,
    h.load_id = $load
RETURN count(*)`),
		count: `MATCH ()-[r:OWNS]->() RETURN count(r)`}
	controlsSpec = relSpec{what: "control edges",
		create: controlRowCols.cypher(cypherRelEnds + `
CREATE (a)-[c:CONTROLS {key: r.key, basis: r.basis, start: r.start, end: r.end, source: r.source, record: r.record,
                        load_id: $load}]->(b)
RETURN count(*)`),
		merge: controlRowCols.cypher(cypherRelEnds + `
MERGE (a)-[c:CONTROLS {key: r.key}]->(b)
SET c.basis = r.basis, c.start = r.start, c.end = r.end, c.source = r.source, c.record = r.record, c.load_id = $load
RETURN count(*)`),
		count: `MATCH ()-[r:CONTROLS]->() RETURN count(r)`}
)

const (
	cypherCountEntities = `MATCH (e:Entity) RETURN count(e)`
	cypherLookupNodes   = `UNWIND $ids AS x MATCH (e:Entity {id: x}) RETURN x, id(e)`
	cypherCreateStubs   = `UNWIND $ids AS x
CREATE (e:Entity:Unknown {id: x, name: x, kind: 'unknown', stub: true, load_id: $load})
RETURN x, id(e)`
)

// Bounds of the per-load state: past them the load forgets node ids (and
// looks entities up) or stops proving relationships new (and MERGEs).
const (
	maxCachedNodes = 1 << 21
	maxTrackedKeys = 1 << 24
)
