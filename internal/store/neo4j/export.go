package neo4j

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
)

// Bulk import (issue 7). A first load of a registry-size graph into an
// empty Neo4j goes much faster through `neo4j-admin database import full`,
// which writes the store files directly, than through the batched writer
// (load.go). ImportWriter writes the CSV files of such an import so that
// the imported graph is the one the batched writer builds from the same
// records: the same labels, properties (names and types), relationship
// types, keys and load log (see doc.go for the model):
//
//	(:Entity:<Kind>)           entities.csv         stubs: name = id, kind unknown, stub true, no content
//	(:Identifier)              identifiers.csv      one per key (scheme:value), the first country seen
//	(:Regime), (:Mention)      regimes.csv, mentions.csv
//	(:EntityVersion)           versions.csv         earlier versions of list records
//	(:Load), (:Counter)        loads.csv, counter.csv  the load log and its id counter
//	-[:HAS_IDENTIFIER]->, -[:DESIGNATED]->, -[:OWNS]->, -[:CONTROLS]->, -[:SAME_AS]->,
//	-[:LINKED]-> (to an Entity or a Mention), -[:PREVIOUS_VERSION]->
//
// Each file has its header in a separate file (<name>.header.csv), as
// neo4j-admin allows, so that the data files can be split or inspected
// without headers. Every non-null string is quoted, so that an empty
// string stays an empty string; a missing property is an empty unquoted
// field. Array elements are separated by U+001E (arrayDelimiter), which
// ownex never writes into a value; a value that contains it is refused.
//
// Two things neo4j-admin cannot express are done by finish.cypher, run on
// the imported database before the server opens it (deploy/neo4j/import.sh):
// the batched writer stores empty lists ([]) for an entity without
// aliases, weak aliases or countries, and neo4j-admin never stores an
// empty array (it drops the property); and the schema (constraints and
// indexes of store.go) is created and populated there, so that the first
// `ownex --store neo4j` does not wait for it.

// arrayDelimiter separates array elements in the CSV files (the
// --array-delimiter of the import command).
const arrayDelimiter = '\x1e'

// fixArraysLabel marks, during the import only, entities whose empty list
// properties finish.cypher must set to []. finish.cypher removes it.
const fixArraysLabel = "OwnexImportFixArrays"

// ImportWriter writes the CSV files of a neo4j-admin full import into a
// folder. It is a graph.DumpSink: a graph.Dumper's Dump fills it. Call
// Entity, Designation, Holding, Control, SameAs, Link, Version and Load in
// any order (each record once), then Close; the Dumper's order (the
// identifiers before the entities) gives a shared identifier the country
// the batched writer gives it. It keeps in memory only the keys of
// identifiers, regimes and mentions already written (they are shared
// nodes).
type ImportWriter struct {
	dir   string
	files map[string]*csvFile
	order []string // file names in creation order

	identifiers map[string]bool
	regimes     map[string]bool
	mentions    map[string]int // name -> mention number
	versions    int64
	maxLoad     int64
	counts      ImportCounts
	err         error
}

var _ graph.DumpSink = (*ImportWriter)(nil)

// File names written into the folder besides the CSV files.
const (
	ImportArgsFile   = "neo4j-admin.args" // the import arguments, one per line, paths relative to the folder
	ImportFinishFile = "finish.cypher"
)

// NewImportWriter creates dir (which must not hold an earlier export) and
// the header files.
func NewImportWriter(dir string) (*ImportWriter, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("neo4j import: %w", err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.csv")); len(m) > 0 {
		return nil, fmt.Errorf("neo4j import: %s already holds CSV files (%s): use an empty folder", dir, filepath.Base(m[0]))
	}
	w := &ImportWriter{dir: dir, files: map[string]*csvFile{}, identifiers: map[string]bool{},
		regimes: map[string]bool{}, mentions: map[string]int{}}
	for _, h := range importHeaders {
		if err := w.create(h.file, h.header); err != nil {
			w.abort()
			return nil, err
		}
	}
	return w, nil
}

// importHeaders are the files and their headers. The property names and
// types are those the batched writer's statements (cypher.go) set.
var importHeaders = []struct{ file, header string }{
	{"entities", "id:ID(Entity),:LABEL,name,kind,aliases:string[],aliases_text,weak_aliases:string[],countries:string[]," +
		"content,source,record,stub:boolean,load_id:long,since"},
	{"identifiers", "key:ID(Identifier),scheme,value,country"},
	{"regimes", "name:ID(Regime)"},
	{"mentions", ":ID(Mention),name"},
	{"versions", ":ID(EntityVersion),content,valid_from,valid_to,source,record"},
	{"loads", ":ID(Load),id:long,source,format,files:string[],checksum,started,status,list,published,finished," +
		"entities:long,designations:long,holdings:long,controls:long,same_as:long,links:long,skipped:long,error,owner"},
	{"counter", ":ID(Counter),name,value:long"},
	{"has_identifier", ":START_ID(Entity),:END_ID(Identifier)"},
	{"designated", ":START_ID(Entity),:END_ID(Regime),key,regime,program,listed,delisted,source,record,load_id:long"},
	{"owns", ":START_ID(Entity),:END_ID(Entity),key,share_min:long,share_max:long,votes_min:long,votes_max:long," +
		"share_open:long,votes_open:long,arrangement,start,end,source,record,load_id:long"},
	{"controls", ":START_ID(Entity),:END_ID(Entity),key,basis,start,end,source,record,load_id:long"},
	{"same_as", ":START_ID(Entity),:END_ID(Entity),key,method,score:double,strength,evidence,source,record,load_id:long"},
	{"linked_entity", ":START_ID(Entity),:END_ID(Entity),key,type,to_name,start,end,source,record,load_id:long"},
	{"linked_mention", ":START_ID(Entity),:END_ID(Mention),key,type,to_name,start,end,source,record,load_id:long"},
	{"previous_version", ":START_ID(Entity),:END_ID(EntityVersion)"},
}

// importGroups are the --nodes and --relationships groups: label or type,
// then the file.
var importGroups = []struct {
	nodes bool
	label string // label(s) of the node file (entities: from :LABEL), or relationship type
	file  string
}{
	{true, "", "entities"},
	{true, "Identifier", "identifiers"},
	{true, "Regime", "regimes"},
	{true, "Mention", "mentions"},
	{true, "EntityVersion", "versions"},
	{true, "Load", "loads"},
	{true, "Counter", "counter"},
	{false, "HAS_IDENTIFIER", "has_identifier"},
	{false, "DESIGNATED", "designated"},
	{false, "OWNS", "owns"},
	{false, "CONTROLS", "controls"},
	{false, "SAME_AS", "same_as"},
	{false, "LINKED", "linked_entity"},
	{false, "LINKED", "linked_mention"},
	{false, "PREVIOUS_VERSION", "previous_version"},
}

func (w *ImportWriter) create(name, header string) error {
	if err := os.WriteFile(filepath.Join(w.dir, name+".header.csv"), []byte(header+"\n"), 0o644); err != nil {
		return fmt.Errorf("neo4j import: %w", err)
	}
	f, err := os.Create(filepath.Join(w.dir, name+".csv"))
	if err != nil {
		return fmt.Errorf("neo4j import: %w", err)
	}
	w.files[name] = &csvFile{f: f, w: bufio.NewWriterSize(f, 1<<20)}
	w.order = append(w.order, name)
	return nil
}

func (w *ImportWriter) abort() {
	for _, f := range w.files {
		f.f.Close()
	}
}

// kindLabels are the extra labels per kind (cypherUpsertEntities).
var kindLabels = map[graph.Kind]string{
	graph.KindPerson: "Person", graph.KindCompany: "Company", graph.KindOrganization: "Organization",
	graph.KindVessel: "Vessel", graph.KindAircraft: "Aircraft", graph.KindUnknown: "Unknown",
}

// Entity writes one entity node and its HAS_IDENTIFIER relationships; an
// identifier key seen for the first time becomes an Identifier node with
// this entity's country (the batched writer sets it ON CREATE). A stub has
// only id, name (its id), kind unknown, stub and load_id, as the batched
// writer's MERGE … ON CREATE gives it.
func (w *ImportWriter) Entity(e *graph.StoredEntity) error {
	if e.ID == "" {
		return errors.New("neo4j import: entity with an empty id")
	}
	w.counts.Entities++
	if e.Stub {
		w.counts.Stubs++
		w.row("entities", fStr(e.ID), fArray([]string{"Entity", "Unknown"}), fStr(e.ID), fStr(string(graph.KindUnknown)),
			fNull(), fNull(), fNull(), fNull(), fNull(), fNull(), fNull(), fBool(true), fInt(e.LoadID), fOpt(string(e.Since)))
		return w.err
	}
	kind := e.Kind
	if kind == "" {
		kind = graph.KindUnknown
	}
	ls := []string{"Entity"}
	if l, ok := kindLabels[kind]; ok {
		ls = append(ls, l)
	}
	if len(e.Aliases) == 0 || len(e.WeakAliases) == 0 || len(e.Countries) == 0 {
		ls = append(ls, fixArraysLabel)
	}
	w.row("entities", fStr(e.ID), fArray(ls), fStr(e.Name), fStr(string(kind)),
		emptyNull(e.Aliases), fStr(strings.Join(append(append([]string{}, e.Aliases...), e.WeakAliases...), "; ")),
		emptyNull(e.WeakAliases), emptyNull(e.Countries), fStr(e.Content()), fOpt(e.Source), fOpt(e.Record),
		fBool(false), fInt(e.LoadID), fOpt(string(e.Since)))
	seen := map[string]bool{}
	for _, id := range e.Identifiers {
		k := id.String()
		if seen[k] {
			continue // MERGE (e)-[:HAS_IDENTIFIER]->(i) makes one
		}
		seen[k] = true
		w.Identifier(id)
		w.counts.HasIdentifier++
		w.row("has_identifier", fStr(e.ID), fStr(k))
	}
	return w.err
}

// Identifier writes the Identifier node of id unless one with its key
// exists already. Entity calls it; a caller may call it before the
// entities to decide which country a shared identifier keeps.
func (w *ImportWriter) Identifier(id graph.Identifier) {
	k := id.String()
	if w.identifiers[k] {
		return
	}
	w.identifiers[k] = true
	w.counts.Identifiers++
	w.row("identifiers", fStr(k), fStr(id.Scheme), fStr(id.Value), fOpt(id.Country))
}

// Designation writes a DESIGNATED relationship (and its Regime node).
func (w *ImportWriter) Designation(key string, loadID int64, d *graph.Designation) error {
	r := string(d.Regime)
	if !w.regimes[r] {
		w.regimes[r] = true
		w.counts.Regimes++
		w.row("regimes", fStr(r))
	}
	w.counts.Designations++
	w.row("designated", fStr(d.Entity), fStr(r), fStr(key), fStr(r), fOpt(d.Program), fOpt(string(d.Listed)),
		fOpt(string(d.Delisted)), fOpt(d.Source), fOpt(d.Record), fInt(loadID))
	return w.err
}

// Holding writes an OWNS relationship.
func (w *ImportWriter) Holding(key string, loadID int64, h *graph.Holding) error {
	w.counts.Holdings++
	w.row("owns", fStr(h.Owner), fStr(h.Owned), fStr(key), fInt(int64(h.Share.Lo)), fInt(int64(h.Share.Hi)),
		fInt(int64(h.Votes.Lo)), fInt(int64(h.Votes.Hi)), fInt(openBits(h.Share)), fInt(openBits(h.Votes)),
		fOpt(h.Arrangement), fOpt(string(h.Start)), fOpt(string(h.End)), fOpt(h.Source), fOpt(h.Record), fInt(loadID))
	return w.err
}

// Control writes a CONTROLS relationship.
func (w *ImportWriter) Control(key string, loadID int64, c *graph.Control) error {
	w.counts.Controls++
	w.row("controls", fStr(c.Controller), fStr(c.Controlled), fStr(key), fStr(string(c.Basis)), fOpt(string(c.Start)),
		fOpt(string(c.End)), fOpt(c.Source), fOpt(c.Record), fInt(loadID))
	return w.err
}

// SameAs writes a SAME_AS relationship from s.A to s.B, with its strength
// and evidence; a link without a valid strength is refused.
func (w *ImportWriter) SameAs(key string, loadID int64, s *graph.SameAs) error {
	if err := s.CheckStrength(); err != nil {
		return fmt.Errorf("neo4j import: %w", err)
	}
	w.counts.SameAs++
	w.row("same_as", fStr(s.A), fStr(s.B), fStr(key), fStr(s.Method), fFloat(s.Score), fStr(string(s.Strength)), fOpt(s.Evidence),
		fOpt(s.Source), fOpt(s.Record), fInt(loadID))
	return w.err
}

// Link writes a LINKED relationship to its target entity, or, when the
// target is unresolved (To empty), to the Mention node of its published
// name.
func (w *ImportWriter) Link(key string, loadID int64, l *graph.Link) error {
	w.counts.Links++
	props := []field{fStr(key), fStr(string(l.Type)), fOpt(l.ToName), fOpt(string(l.Start)), fOpt(string(l.End)),
		fOpt(l.Source), fOpt(l.Record), fInt(loadID)}
	if l.To != "" {
		w.row("linked_entity", append([]field{fStr(l.From), fStr(l.To)}, props...)...)
		return w.err
	}
	m, ok := w.mentions[l.ToName]
	if !ok {
		m = len(w.mentions)
		w.mentions[l.ToName] = m
		w.counts.Mentions++
		w.row("mentions", fStr(strconv.Itoa(m)), fStr(l.ToName))
	}
	w.row("linked_mention", append([]field{fStr(l.From), fStr(strconv.Itoa(m))}, props...)...)
	return w.err
}

// Version writes an earlier version of entity's record: an EntityVersion
// node with the record's content, validity and provenance, linked from
// the entity by PREVIOUS_VERSION.
func (w *ImportWriter) Version(entity string, v *graph.EntityVersion) error {
	w.versions++
	w.counts.Versions++
	id := strconv.FormatInt(w.versions, 10)
	w.row("versions", fStr(id), fStr(v.Entity.Content()), fOpt(string(v.ValidFrom)), fOpt(string(v.ValidTo)),
		fOpt(v.Source), fOpt(v.Record))
	w.row("previous_version", fStr(entity), fStr(id))
	return w.err
}

// Load writes one entry of the load log with the properties the batched
// writer's Begin, Commit and Abort set for its status.
func (w *ImportWriter) Load(r *graph.LoadRecord) error {
	w.counts.Loads++
	w.maxLoad = max(w.maxLoad, r.ID)
	fs := []field{fStr(strconv.FormatInt(r.ID, 10)), fInt(r.ID), fStr(r.Source), fStr(r.Format), fArray(r.Files), fStr(r.Checksum),
		fStr(r.Started.UTC().Format(timeLayout)), fStr(r.Status), fOpt(r.List), fOpt(string(r.Published))}
	finished := fStr(r.Finished.UTC().Format(timeLayout))
	switch r.Status {
	case graph.LoadCommitted:
		c := r.Counts
		fs = append(fs, finished, fInt(int64(c.Entities)), fInt(int64(c.Designations)), fInt(int64(c.Holdings)),
			fInt(int64(c.Controls)), fInt(int64(c.SameAs)), fInt(int64(c.Links)), fInt(int64(r.Skipped)), fNull())
	case graph.LoadFailed:
		fs = append(fs, finished, fNull(), fNull(), fNull(), fNull(), fNull(), fNull(), fNull(), fStr(r.Error))
	default:
		fs = append(fs, fNull(), fNull(), fNull(), fNull(), fNull(), fNull(), fNull(), fNull(), fNull())
	}
	if len(r.Files) == 0 {
		fs[4] = fNull()
	}
	fs = append(fs, fOpt(r.Owner))
	w.row("loads", fs...)
	return w.err
}

// timeLayout is how the batched writer stores load times.
const timeLayout = "2006-01-02T15:04:05.999999999Z07:00"

// Close writes the load counter, finish.cypher and the argument file,
// closes the files and returns the plan.
func (w *ImportWriter) Close() (*ImportPlan, error) {
	if w.maxLoad > 0 {
		// The load id counter of Begin; without a load log there is none.
		w.counts.Counters++
		w.row("counter", fStr("load"), fStr("load"), fInt(w.maxLoad))
	}
	plan := &ImportPlan{Dir: w.dir, Counts: w.counts, Finish: ImportFinishFile}
	err := w.err
	for _, name := range w.order {
		cf := w.files[name]
		if e := cf.w.Flush(); e != nil && err == nil {
			err = fmt.Errorf("neo4j import: write %s: %w", name, e)
		}
		if e := cf.f.Close(); e != nil && err == nil {
			err = fmt.Errorf("neo4j import: write %s: %w", name, e)
		}
		plan.Multiline = plan.Multiline || cf.multiline
	}
	if err != nil {
		return nil, err
	}
	for _, g := range importGroups {
		files := g.file + ".header.csv," + g.file + ".csv"
		if g.nodes {
			if g.label != "" {
				files = g.label + "=" + files
			}
			plan.Nodes = append(plan.Nodes, files)
		} else {
			plan.Relationships = append(plan.Relationships, g.label+"="+files)
		}
	}
	if err := os.WriteFile(filepath.Join(w.dir, ImportFinishFile), []byte(finishCypher()), 0o644); err != nil {
		return nil, fmt.Errorf("neo4j import: %w", err)
	}
	args := strings.Join(plan.Args(""), "\n") + "\n"
	if err := os.WriteFile(filepath.Join(w.dir, ImportArgsFile), []byte(args), 0o644); err != nil {
		return nil, fmt.Errorf("neo4j import: %w", err)
	}
	return plan, nil
}
