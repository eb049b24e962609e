// Package report writes verdicts and proofs for people and programs: an
// aligned text table, JSON lines and CSV for analyses, and a tree or JSON
// for proofs. Writers stream: they never hold more than one entity's
// verdicts in memory.
package report
