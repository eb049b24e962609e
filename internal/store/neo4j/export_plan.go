package neo4j

import (
	"fmt"
	"path/filepath"
	"strings"
)

// What an export wrote and how to import it (export.go).

// ImportCounts counts what an ImportWriter wrote.
type ImportCounts struct {
	Entities, Stubs, Identifiers, Regimes, Mentions, Versions, Loads, Counters int64
	Designations, Holdings, Controls, SameAs, Links, HasIdentifier             int64
}

// Nodes returns the number of nodes written.
func (c ImportCounts) Nodes() int64 {
	return c.Entities + c.Identifiers + c.Regimes + c.Mentions + c.Versions + c.Loads + c.Counters
}

// Relationships returns the number of relationships written.
func (c ImportCounts) Relationships() int64 {
	return c.Designations + c.Holdings + c.Controls + c.SameAs + c.Links + c.HasIdentifier + c.Versions
}

// Rows returns the number of CSV data rows written (nodes and relationships).
func (c ImportCounts) Rows() int64 { return c.Nodes() + c.Relationships() }

// ImportPlan describes the files written by an ImportWriter and the
// neo4j-admin arguments that import them.
type ImportPlan struct {
	Dir    string
	Counts ImportCounts
	// Nodes and Relationships are the --nodes and --relationships values,
	// with file names relative to Dir.
	Nodes, Relationships []string
	// Multiline is set when a value contains a line break: the import then
	// needs --multiline-fields=true (slower).
	Multiline bool
	// Finish is the file (in Dir) of Cypher statements to run on the
	// imported database before first use.
	Finish string
}

// Args returns the options of `neo4j-admin database import full` (after
// the database name) that import the plan's files; file names are joined
// to base ("" leaves them relative to the folder).
func (p *ImportPlan) Args(base string) []string {
	path := func(group string) string {
		if base == "" {
			return group
		}
		label, files, ok := strings.Cut(group, "=")
		if !ok {
			files, label = group, ""
		}
		parts := strings.Split(files, ",")
		for i, f := range parts {
			parts[i] = filepath.Join(base, f)
		}
		if label == "" {
			return strings.Join(parts, ",")
		}
		return label + "=" + strings.Join(parts, ",")
	}
	args := []string{"--id-type=string", "--array-delimiter=U+001E", "--bad-tolerance=0"}
	if p.Multiline {
		args = append(args, "--multiline-fields=true")
	}
	for _, n := range p.Nodes {
		args = append(args, "--nodes="+path(n))
	}
	for _, r := range p.Relationships {
		args = append(args, "--relationships="+path(r))
	}
	return args
}

// CommandLine returns the neo4j-admin command line of a stock Neo4j
// installation (server stopped) that imports the plan into database, with
// absolute paths; the statements of the plan's finish file must then run
// once before use (deploy/neo4j/import.sh does both).
func (p *ImportPlan) CommandLine(database string) (string, error) {
	abs, err := filepath.Abs(p.Dir)
	if err != nil {
		return "", err
	}
	parts := []string{"neo4j-admin", "database", "import", "full", shellQuote(database)}
	for _, a := range p.Args(abs) {
		parts = append(parts, shellQuote(a))
	}
	return strings.Join(parts, " "), nil
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_=./,:+@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// finishBatch is the number of nodes a finish statement changes per
// transaction.
const finishBatch = 50000

// finishCypher returns the statements to run once on the imported
// database, separated by lines holding only ";". A statement that returns
// a count is repeated until the count is 0.
func finishCypher() string {
	var b strings.Builder
	b.WriteString("// Run once on a database imported from ownex's CSV files, before first use.\n")
	b.WriteString("// Statements are separated by lines holding only ';'. One that returns a count\n")
	b.WriteString("// is repeated until it returns 0.\n")
	// neo4j-admin stores no empty array: set the empty lists the batched
	// writer stores (load.go, nonNil). Before the schema, so that the
	// writes do not compete with the population of the new indexes.
	stmts := []string{fmt.Sprintf("MATCH (e:%s) WITH e LIMIT %d\nREMOVE e:%s\n"+
		"SET e.aliases = coalesce(e.aliases, []), e.weak_aliases = coalesce(e.weak_aliases, []), e.countries = coalesce(e.countries, [])\n"+
		"RETURN count(e)", fixArraysLabel, finishBatch, fixArraysLabel)}
	stmts = append(stmts, schema...)
	stmts = append(stmts, "CALL db.awaitIndexes(3600)")
	for _, s := range stmts {
		b.WriteString(strings.TrimSpace(s))
		b.WriteString("\n;\n")
	}
	return b.String()
}
