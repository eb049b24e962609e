// Package storetest is the contract test suite that every graph.Store
// (SQLite, Neo4j) must pass. A store's tests call Run with a function that
// opens a fresh, empty store for each subtest.
package storetest
