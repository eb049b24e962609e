// Package cypher is the catalog of named, parameterised Cypher queries for
// investigators working on the Neo4j store (`ownex query`). Each query is
// one embedded .cypher file whose header declares it:
//
//	// name: owners
//	// description: Owners of an entity up to N levels, with the shares on the way.
//	// param: id string            the entity id
//	// param: depth int = 3        how many levels up (1-8)
//
// Parameters reach Neo4j as $parameters, never spliced into the text.
// The package only parses and validates; internal/store/neo4j runs them.
package cypher
