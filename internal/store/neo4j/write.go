package neo4j

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// The batched writer (docs/BENCHMARKS.md, "Neo4j writes").
//
// Rows are sent as lists, not maps: the server then decodes no key per
// value and reads each value by position. Entities are written by one
// statement per kind, whose labels are constants, and by shape: a batch is
// split into the entities it creates (a CREATE, identifiers only in the
// statement for rows that have some) and the ones it updates (the upsert
// with versions of cypherUpdateEntity, one row per entity and statement, so
// that an entity repeated in a batch ends as if its rows were written one
// by one).
//
// A record is created with CREATE, not MERGE, only when the load can prove
// that it is new. The proofs are made before each phase of a Write
// (entities, holdings, control edges), while none of the writer's
// sessions writes:
//
//   - an entity: the load keeps the internal node id of every entity it
//     created or looked up (nodeCache). When that cache holds as many
//     entries as the database holds :Entity nodes (a count the server reads
//     from its counts store), it holds every entity, and an ID missing
//     from it is new; otherwise each batch first looks the missing IDs up
//     in one read query. The uniqueness constraint on :Entity(id) still
//     guards every CREATE: if another writer created the entity, the batch
//     fails and is written again after a look-up.
//   - a holding or control edge: the load keeps a hash of the key of every
//     relationship of the type that it wrote (relTracker). When the
//     database holds exactly as many relationships of the type as there
//     are hashes, a key whose hash is not among them (nor among the rows
//     already written in the phase) is new. This holds for a first load
//     into a database without such relationships; once it fails, the load
//     MERGEs every further row. A hash collision only sends a new row to
//     MERGE. This proof assumes that no other process writes relationships
//     of the type during the load (ownex runs one load at a time: Begin
//     marks a load left running as interrupted).
//
// Relationships between entities start from the internal node ids of their
// ends (found in the cache, looked up or created as stubs at the start of
// the batch's transaction), so that no index is searched per row; each
// statement checks the ends' IDs and returns its row count, and a stale
// cache (a count that does not match) empties the cache and writes the
// batch again after a look-up. Node ids are never stored and live only as
// long as the load.
//
// A Write with many rows of one kind uses Config.Writers sessions at once,
// one transaction of Config.BatchSize rows each at a time: entities are
// split by ID, relationships in rounds between pairs of ID partitions so
// that no two sessions touch the same entity (relRounds). Each
// transaction is explicit and retried by inTx.

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
MATCH (e) WHERE id(e) = r.node AND e.id = r.id
WITH e, r, ($list IS NOT NULL AND e.content IS NOT NULL AND NOT coalesce(e.stub, false) AND e.content <> r.content) AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  CREATE (e)-[:PREVIOUS_VERSION]->(:EntityVersion {content: e.content, valid_from: e.since, valid_to: $published,
                                                   source: e.source, record: e.record}))
SET e.since = CASE WHEN $list IS NULL THEN e.since
                   WHEN changed OR e.content IS NULL OR coalesce(e.stub, false) THEN $published
                   ELSE e.since END,
    e.name = r.name, e.kind = r.kind, e.aliases = r.aliases, e.aliases_text = r.aliases_text,
    e.weak_aliases = r.weak_aliases, e.countries = r.countries, e.content = r.content,
    e.source = r.source, e.record = r.record, e.stub = false, e.load_id = $load
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

// minParallelRows is the number of rows of one kind in one Write from
// which the writer uses several sessions (a variable for tests).
var minParallelRows = 10000

// nodeCache maps entity IDs to internal node ids for one load; the
// writer's sessions share it.
type nodeCache struct {
	mu  sync.RWMutex
	ids map[string]int64
	// partial: entries were dropped, so the cache can no longer be all
	// the entities of the database.
	partial bool
}

func (c *nodeCache) get(id string) (int64, bool) {
	c.mu.RLock()
	n, ok := c.ids[id]
	c.mu.RUnlock()
	return n, ok
}

func (c *nodeCache) add(m map[string]int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.ids)+len(m) > maxCachedNodes {
		c.ids, c.partial = nil, true
	}
	if c.ids == nil {
		c.ids = make(map[string]int64, len(m))
	}
	for id, n := range m {
		c.ids[strings.Clone(id)] = n
	}
}

func (c *nodeCache) reset() {
	c.mu.Lock()
	c.ids, c.partial = nil, true
	c.mu.Unlock()
}

// size returns the number of entries, or -1 if the cache is partial.
func (c *nodeCache) size() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.partial {
		return -1
	}
	return len(c.ids)
}

// relTracker keeps the hashes of the keys of the relationships of one
// type that the load wrote; nil keys: the load no longer proves rows new.
type relTracker struct {
	keys map[uint64]struct{}
}

func newRelTracker() relTracker { return relTracker{keys: map[uint64]struct{}{}} }

// runner is a transaction that runs statements.
type runner interface {
	Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error)
}

// inTx runs work in an explicit write transaction of sess and commits it.
// A transient failure (most often a deadlock between two of the writer's
// sessions: their entities are disjoint, but creating a relationship also
// locks the relationships next to it in its ends' chains) is retried after
// a pause of 10 ms, doubling up to 1 s, within Config.RetryTime. The
// driver's managed transactions would pause 2 s, then 4 s, … before each
// retry. work learns whether it is a retry: then the previous attempt may
// have committed (a connection lost during the commit), and work must not
// rely on what it proved before.
func (l *load) inTx(ctx context.Context, sess neo4j.SessionWithContext, work func(tx runner, retry bool) error) error {
	start := time.Now()
	pause := 10 * time.Millisecond
	for attempt := 0; ; attempt++ {
		tx, err := sess.BeginTransaction(ctx)
		if err == nil {
			if err = work(tx, attempt > 0); err == nil {
				err = tx.Commit(ctx)
			}
			tx.Close(context.WithoutCancel(ctx)) // rolls back what is not committed
		}
		if err == nil || !neo4j.IsRetryable(err) || time.Since(start) > l.s.cfg.RetryTime {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(pause):
		}
		pause = min(2*pause, time.Second)
	}
}

// errStale reports a row whose end was not found by its cached node id.
var errStale = errors.New("neo4j: cached node ids are stale")

// isConstraintError reports a violated uniqueness constraint.
func isConstraintError(err error) bool {
	var nerr *neo4j.Neo4jError
	return errors.As(err, &nerr) && nerr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed"
}

// writers returns the number of sessions that write rows rows of one kind.
func (l *load) writers(rows int) int {
	if rows < minParallelRows {
		return 1
	}
	return l.s.cfg.Writers
}

// sessions runs work(ctx, i, session) for i in [0, n) concurrently, each
// with a session of its own; the first error cancels the others' context
// and is returned.
func (l *load) sessions(ctx context.Context, n int, work func(ctx context.Context, i int, sess neo4j.SessionWithContext) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sess := l.s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite,
				DatabaseName: l.s.cfg.Database, FetchSize: neo4j.FetchAll})
			defer sess.Close(context.WithoutCancel(ctx))
			if err := work(ctx, i, sess); err != nil {
				cancel(err)
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && ctx.Err() != nil {
		return err
	}
	return nil
}

// writeBatched writes b with the batched writer. The rows of the holdings
// and control edges are built while the entities are written.
func (l *load) writeBatched(ctx context.Context, b *graph.Batch) error {
	type relRows struct {
		rows [][]any
		keys []string
	}
	holdings, controls := make(chan relRows, 1), make(chan relRows, 1)
	go func() {
		rows, keys := make([][]any, len(b.Holdings)), make([]string, len(b.Holdings))
		for i, h := range b.Holdings {
			keys[i] = h.Key()
			rows[i] = []any{nil, nil, h.Owner, h.Owned, keys[i],
				int64(h.Share.Lo), int64(h.Share.Hi), int64(h.Votes.Lo), int64(h.Votes.Hi), openBits(h.Share), openBits(h.Votes),
				nullable(h.Arrangement), nullable(string(h.Start)), nullable(string(h.End)), nullable(h.Source), nullable(h.Record)}
		}
		holdings <- relRows{rows, keys}
		rows, keys = make([][]any, len(b.Controls)), make([]string, len(b.Controls))
		for i, c := range b.Controls {
			keys[i] = c.Key()
			rows[i] = []any{nil, nil, c.Controller, c.Controlled, keys[i], string(c.Basis),
				nullable(string(c.Start)), nullable(string(c.End)), nullable(c.Source), nullable(c.Record)}
		}
		controls <- relRows{rows, keys}
	}()
	if err := l.writeEntities(ctx, b.Entities); err != nil {
		return fmt.Errorf("neo4j: write entities: %w", l.s.describe(err))
	}
	if err := l.writeMaps(ctx, "designations", cypherUpsertDesignations, designationRows(b.Designations)); err != nil {
		return err
	}
	hs := <-holdings
	if err := l.writeRelations(ctx, &ownsSpec, &l.owns, hs.rows, hs.keys); err != nil {
		return fmt.Errorf("neo4j: write holdings: %w", l.s.describe(err))
	}
	cs := <-controls
	if err := l.writeRelations(ctx, &controlsSpec, &l.controls, cs.rows, cs.keys); err != nil {
		return fmt.Errorf("neo4j: write control edges: %w", l.s.describe(err))
	}
	if err := l.writeMaps(ctx, "same-as links", cypherUpsertSameAs, sameAsRows(b.SameAs)); err != nil {
		return err
	}
	return l.writeMaps(ctx, "links", cypherUpsertLinks, linkRows(b.Links))
}

// writeMaps writes the few record kinds that keep the generic upserts
// (designations, same-as links, links) in batches, in one session. Their
// MERGE may create stub entities that the node cache does not know: the
// cache then no longer counts as complete, and later batches look
// entities up.
func (l *load) writeMaps(ctx context.Context, what, q string, rows []map[string]any) error {
	if len(rows) == 0 {
		return nil
	}
	return l.sessions(ctx, 1, func(ctx context.Context, _ int, sess neo4j.SessionWithContext) error {
		for start := 0; start < len(rows); start += l.s.cfg.BatchSize {
			end := min(start+l.s.cfg.BatchSize, len(rows))
			_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
				res, err := tx.Run(ctx, q, l.params(map[string]any{"rows": rows[start:end]}))
				if err != nil {
					return nil, err
				}
				_, err = res.Consume(ctx)
				return nil, err
			})
			if err != nil {
				return fmt.Errorf("neo4j: write %s: %w", what, l.s.describe(err))
			}
		}
		return nil
	})
}

// run runs q in tx and calls each with every record's values.
func (l *load) run(ctx context.Context, tx runner, q string, p map[string]any, each func([]any)) error {
	res, err := tx.Run(ctx, q, l.params(p))
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		each(res.Record().Values)
	}
	return res.Err()
}

// count runs a statement returning one count.
func (l *load) count(ctx context.Context, tx runner, q string, p map[string]any) (int64, error) {
	var n int64
	err := l.run(ctx, tx, q, p, func(v []any) { n = asInt(v[0]) })
	return n, err
}

// countNow runs a read statement returning one count.
func (l *load) countNow(ctx context.Context, q string) (int64, error) {
	var n int64
	err := l.s.read(ctx, q, nil, func(r *neo4j.Record) error { n = asInt(r.Values[0]); return nil })
	return n, err
}

// allNodesCached reports whether the node cache holds every entity of
// the database: then an ID that it does not hold is new. The writer asks
// before a phase (entities, holdings, control edges), while none of its
// sessions writes.
func (l *load) allNodesCached(ctx context.Context) (bool, error) {
	size := l.nodes.size()
	if size < 0 {
		return false, nil
	}
	n, err := l.countNow(ctx, cypherCountEntities)
	return n == int64(size), err
}

// resolve finds the node ids of ids (distinct, none cached) in tx: looked
// up unless they are known to be new, created as stubs if missing. They
// are added to found.
func (l *load) resolve(ctx context.Context, tx runner, ids []string, lookUp bool, found map[string]int64) error {
	if len(ids) == 0 {
		return nil
	}
	if lookUp {
		err := l.run(ctx, tx, cypherLookupNodes, map[string]any{"ids": ids}, func(v []any) { found[str(v[0])] = asInt(v[1]) })
		if err != nil {
			return err
		}
		missing := ids[:0:0]
		for _, id := range ids {
			if _, ok := found[id]; !ok {
				missing = append(missing, id)
			}
		}
		ids = missing
	}
	if len(ids) == 0 {
		return nil
	}
	n := 0
	err := l.run(ctx, tx, cypherCreateStubs, map[string]any{"ids": ids}, func(v []any) { found[str(v[0])] = asInt(v[1]); n++ })
	if err == nil && n != len(ids) {
		err = fmt.Errorf("neo4j: created %d of %d stub entities", n, len(ids))
	}
	return err
}

// retry runs write(lookUp), and once more with lookUp set when the node
// cache proved stale or a concurrent writer created an entity.
func (l *load) retry(lookUp bool, write func(lookUp bool) error) error {
	err := write(lookUp)
	switch {
	case errors.Is(err, errStale):
		l.nodes.reset()
	case isConstraintError(err):
	default:
		return err
	}
	return write(true)
}

// part returns the partition of an entity ID among n.
func (l *load) part(id string, n int) int { return int(maphash.String(l.seed, id) % uint64(n)) }

// writeEntities writes entities: with several sessions, each writes the
// entities of its share of the IDs, so that the rows of one ID stay in
// one session and in order.
func (l *load) writeEntities(ctx context.Context, es []graph.Entity) error {
	if len(es) == 0 {
		return nil
	}
	rows := make([][]any, len(es))
	// An identifier created by this Write gets the scheme, value and
	// country of its first occurrence, whichever statement creates it,
	// as when the rows are written one by one.
	first := map[string][]any{}
	for i, e := range es {
		kind := e.Kind
		if kind == "" {
			kind = graph.KindUnknown
		}
		ids := []any{}
		for j, id := range e.Identifiers {
			k := id.String()
			if slices.ContainsFunc(e.Identifiers[:j], func(o graph.Identifier) bool { return o.String() == k }) {
				continue
			}
			c, ok := first[k]
			if !ok {
				c = []any{k, id.Scheme, id.Value, nullable(id.Country)}
				first[k] = c
			}
			ids = append(ids, c)
		}
		aliasesText := ""
		if len(e.Aliases)+len(e.WeakAliases) > 0 {
			aliasesText = strings.Join(append(append([]string{}, e.Aliases...), e.WeakAliases...), "; ")
		}
		rows[i] = []any{e.ID, e.Name, string(kind), nonNil(e.Aliases), aliasesText,
			nonNil(e.WeakAliases), nonNil(e.Countries), e.Content(), nullable(e.Source), nullable(e.Record), ids, nil}
	}
	all, err := l.allNodesCached(ctx)
	if err != nil {
		return err
	}
	n := l.writers(len(es))
	parts := make([][]int, n)
	for i, e := range es {
		p := 0
		if n > 1 {
			p = l.part(e.ID, n)
		}
		parts[p] = append(parts[p], i)
	}
	return l.sessions(ctx, n, func(ctx context.Context, w int, sess neo4j.SessionWithContext) error {
		idx := parts[w]
		for start := 0; start < len(idx); start += l.s.cfg.BatchSize {
			batch := idx[start:min(start+l.s.cfg.BatchSize, len(idx))]
			var found map[string]int64
			err := l.retry(!all, func(lookUp bool) error {
				return l.inTx(ctx, sess, func(tx runner, retry bool) error {
					found = map[string]int64{}
					return l.entityBatch(ctx, tx, es, rows, batch, lookUp || retry, found)
				})
			})
			if err != nil {
				return err
			}
			l.nodes.add(found)
		}
		return nil
	})
}

// entityBatch writes the rows of es at the positions batch in tx and adds
// the node ids of their entities to found. lookUp: entities that the
// cache does not hold may exist.
func (l *load) entityBatch(ctx context.Context, tx runner, es []graph.Entity, rows [][]any, batch []int, lookUp bool, found map[string]int64) error {
	node := func(id string) (int64, bool) {
		if n, ok := found[id]; ok {
			return n, true
		}
		return l.nodes.get(id)
	}
	seen := map[string]bool{}
	if lookUp {
		var unknown []string
		for _, i := range batch {
			if id := es[i].ID; !seen[id] {
				seen[id] = true
				if _, ok := l.nodes.get(id); !ok {
					unknown = append(unknown, id)
				}
			}
		}
		if len(unknown) > 0 {
			err := l.run(ctx, tx, cypherLookupNodes, map[string]any{"ids": unknown}, func(v []any) { found[str(v[0])] = asInt(v[1]) })
			if err != nil {
				return err
			}
		}
	}
	// The first row of a new entity creates it; every other row updates.
	clear(seen)
	creates := make([][2][][]any, len(entityStmt.create))
	var updates [][]any
	for _, i := range batch {
		id := es[i].ID
		if _, ok := node(id); ok || seen[id] {
			updates = append(updates, rows[i])
			continue
		}
		seen[id] = true
		shape := 0
		if len(rows[i][eIdentifiers].([]any)) > 0 {
			shape = 1
		}
		g := kindGroup(rows[i][eKind].(string))
		creates[g][shape] = append(creates[g][shape], rows[i])
	}
	set := func(v []any) { found[str(v[0])] = asInt(v[1]) }
	for g := range creates {
		for shape, rs := range creates[g] {
			if err := l.entityRows(ctx, tx, entityStmt.create[g][shape], rs, set); err != nil {
				return err
			}
		}
	}
	// An entity updated by several rows is updated by one row per round,
	// in their order, as if the rows were written one by one.
	round := map[string]int{}
	var rounds [][][][]any // round, kind group, rows
	for _, r := range updates {
		id := r[eID].(string)
		n, _ := node(id)
		r[eNode] = n
		k := round[id]
		round[id] = k + 1
		if k == len(rounds) {
			rounds = append(rounds, make([][][]any, len(entityStmt.update)))
		}
		g := kindGroup(r[eKind].(string))
		rounds[k][g] = append(rounds[k][g], r)
	}
	for _, byKind := range rounds {
		for g, rs := range byKind {
			if err := l.entityRows(ctx, tx, entityStmt.update[g], rs, func([]any) {}); err != nil {
				return err
			}
		}
	}
	return nil
}

// entityRows runs an entity statement with rows and checks that it
// returned one record per row.
func (l *load) entityRows(ctx context.Context, tx runner, q string, rows [][]any, each func([]any)) error {
	if len(rows) == 0 {
		return nil
	}
	n := 0
	err := l.run(ctx, tx, q, map[string]any{"rows": rows}, func(v []any) { each(v); n++ })
	if err == nil && n != len(rows) {
		return fmt.Errorf("%w: %d of %d entities written", errStale, n, len(rows))
	}
	return err
}

// relRounds schedules the rows of a relationship type for n sessions:
// rounds of n disjoint lists of row positions. With n > 1 the entities
// are split in 2n partitions by ID and each list holds the rows between
// a pair of partitions, so that no two sessions of a round touch the same
// entity (creating a relationship locks both its ends); the pairs of a
// round are a perfect matching of the partitions (round-robin tournament)
// plus, in round 0, the rows within each partition.
func (l *load) relRounds(rows [][]any, n int) [][][]int {
	if n <= 1 {
		all := make([]int, len(rows))
		for i := range all {
			all[i] = i
		}
		return [][][]int{{all}}
	}
	p := 2 * n
	bucket := make(map[[2]int][]int)
	for i, r := range rows {
		a, b := l.part(r[relFrom].(string), p), l.part(r[relTo].(string), p)
		if a > b {
			a, b = b, a
		}
		bucket[[2]int{a, b}] = append(bucket[[2]int{a, b}], i)
	}
	rounds := [][][]int{make([][]int, n)}
	for k := range p {
		rounds[0][k/2] = append(rounds[0][k/2], bucket[[2]int{k, k}]...)
	}
	// Round-robin: partition p-1 stays, the others rotate.
	for r := range p - 1 {
		round := make([][]int, n)
		pair := func(a, b int) []int {
			if a > b {
				a, b = b, a
			}
			return bucket[[2]int{a, b}]
		}
		round[0] = pair(r, p-1)
		for k := 1; k < n; k++ {
			round[k] = pair((r+k)%(p-1), (r-k+p-1)%(p-1))
		}
		rounds = append(rounds, round)
	}
	return rounds
}

// writeRelations writes holdings or control edges: rows in the layout of
// spec, keys their keys.
func (l *load) writeRelations(ctx context.Context, spec *relSpec, tr *relTracker, rows [][]any, keys []string) error {
	if len(rows) == 0 {
		return nil
	}
	hashes := make([]uint64, len(rows))
	for i, k := range keys {
		hashes[i] = maphash.String(l.seed, k)
	}
	proven := false
	if tr.keys != nil {
		n, err := l.countNow(ctx, spec.count)
		if err != nil {
			return err
		}
		proven = n == int64(len(tr.keys))
		if !proven {
			tr.keys = nil
		}
	}
	all, err := l.allNodesCached(ctx)
	if err != nil {
		return err
	}
	n := l.writers(len(rows))
	for _, round := range l.relRounds(rows, n) {
		err := l.sessions(ctx, n, func(ctx context.Context, w int, sess neo4j.SessionWithContext) error {
			idx := round[w]
			seen := map[uint64]bool{} // the keys of this list written so far
			for start := 0; start < len(idx); start += l.s.cfg.BatchSize {
				batch := idx[start:min(start+l.s.cfg.BatchSize, len(idx))]
				var found map[string]int64
				err := l.retry(!all, func(lookUp bool) error {
					return l.inTx(ctx, sess, func(tx runner, retry bool) error {
						found = map[string]int64{}
						return l.relationBatch(ctx, tx, spec, tr, rows, batch, hashes, proven && !retry, seen, lookUp || retry, found)
					})
				})
				if err != nil {
					return err
				}
				l.nodes.add(found)
				for _, i := range batch {
					seen[hashes[i]] = true
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if tr.keys != nil {
		if len(tr.keys)+len(hashes) > maxTrackedKeys {
			tr.keys = nil
			return nil
		}
		for _, h := range hashes {
			tr.keys[h] = struct{}{}
		}
	}
	return nil
}

// relationBatch writes the rows at the positions batch in tx. proven:
// every relationship of the type that exists is in tr or in seen.
func (l *load) relationBatch(ctx context.Context, tx runner, spec *relSpec, tr *relTracker,
	rows [][]any, batch []int, hashes []uint64, proven bool, seen map[uint64]bool, lookUp bool, found map[string]int64) error {
	node := func(id string) (int64, bool) {
		if n, ok := found[id]; ok {
			return n, true
		}
		return l.nodes.get(id)
	}
	var unknown []string
	known := map[string]bool{}
	for _, i := range batch {
		for _, id := range []string{rows[i][relFrom].(string), rows[i][relTo].(string)} {
			if !known[id] {
				known[id] = true
				if _, ok := l.nodes.get(id); !ok {
					unknown = append(unknown, id)
				}
			}
		}
	}
	if err := l.resolve(ctx, tx, unknown, lookUp, found); err != nil {
		return err
	}
	var creates, merges [][]any
	inBatch := map[uint64]bool{}
	for _, i := range batch {
		r := rows[i]
		r[relA], _ = node(r[relFrom].(string))
		r[relB], _ = node(r[relTo].(string))
		h := hashes[i]
		_, old := tr.keys[h]
		if !proven || old || seen[h] || inBatch[h] {
			merges = append(merges, r)
		} else {
			creates = append(creates, r)
		}
		inBatch[h] = true
	}
	for _, st := range []struct {
		q    string
		rows [][]any
	}{{spec.create, creates}, {spec.merge, merges}} {
		if len(st.rows) == 0 {
			continue
		}
		n, err := l.count(ctx, tx, st.q, map[string]any{"rows": st.rows})
		if err != nil {
			return err
		}
		if n != int64(len(st.rows)) {
			return fmt.Errorf("%w: %d of %d %s written", errStale, n, len(st.rows), spec.what)
		}
	}
	return nil
}
