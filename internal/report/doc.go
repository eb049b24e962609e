// Package report writes verdicts and proofs for people and programs: an
// aligned text table, JSON lines, CSV and Parquet for analyses, and a tree
// or JSON for proofs. Writers stream: they never hold more than one entity's
// verdicts in memory.
//
// Parties (issue 16 item 3): the analysis writers keep one line per
// record, so that joins by id keep working, and give each its party
// (graph.Verdict.Party: the id that stands for the record's party): JSON
// the field party, CSV the last column party, the table a PARTY column.
// The summary report (html_summary.go, xlsx_summary.go) counts and lists
// parties, each once with its record ids (queries.EntityRef.Records).
// `show` heads a stub (a record named by its id, made for a
// cross-reference) with its party's name (graph.PartyName).
//
// Proofs (issue 15): the text tree (ExplanationText) shows a depth of
// owners (DefaultProofDepth, `explain --depth`) and sums up what it leaves
// out in one line (proof_elide.go); the JSON (ExplanationJSON) is a flat
// DAG per regime — root, nodes each once, edges — never nested, written
// one proof and one node at a time, optionally a page of nodes (the API).
// Its nodes and edges are encoded by hand (proof_json_node.go), byte for
// byte as encoding/json encodes them, without reflection, while the walk
// that builds the nodes runs ahead on a goroutine of its own.
//
// Possible links (RULES.md section 2, "Parties and links": name matches
// that nothing corroborates) never change a status, but every writer shows
// them, with the helpers of possible.go: JSON gains possibly_same_as,
// possibly_exposed_via and possible_status (left out when empty), CSV the
// same three columns after the earlier ones (screening: per regime, after
// every regime's columns), the text forms a line per candidate naming its
// id, name, score and the names matched, and what the entity would be if
// the links were strong. Writers that leave clear verdicts out keep those
// with possible links. `show` lists a record's party (its strong cluster)
// and its possible links apart from its strong and rejected ones.
//
// Screening (ScreenCSV, ScreenJSONL, ScreenXLSX, ScreenHTML, shared by
// `ownex screen` and the HTTP API) says why each row matched (issue 14),
// with the helpers of why.go: WhyText renders a queries.MatchExplanation
// on one line (the names compared, each token pair's score, the evidence
// that raised or lowered the score); CSV and the XLSX results sheet end
// with party, possibly_same, matched_name, why and input_dob, after every
// earlier column; JSON lines carry the explanation as queries.ScreenRow's
// JSON; the HTML report shows it under each match. A row without an
// explanation prints as before but for the empty appended cells. A
// lookback screening (ScreenMeta.Lookback, lookback.go: the book has a
// date column) appends date and <regime>_status_today to the CSV and the
// XLSX results sheet, and shows each row's date and status today in HTML,
// with one proof card per entity, regime and date.
// Warnings (ScreenMeta.Warnings, such as queries.NoDesignations's) are
// said before the rows: under the HTML report's title, and in a first,
// active sheet SheetWarnings of the workbook; the other formats have no
// place for them.
//
// CSV is safe to open in a spreadsheet (issue 15, csvsafe.go): every cell
// of a text column that starts with =, +, -, @, a tab or a carriage return
// is prefixed with ' (OWASP CSV injection); the numeric columns ownex
// formats itself (shares, votes, ranges, look-through, line, confidence)
// are written unchanged.
//
// Parquet (issue 18 item 4, parquet.go and one file per output:
// parquet_verdicts.go for `analyze --format parquet`, parquet_screen.go
// for `screen --format parquet`, parquet_export.go for `export parquet`'s
// record files) is written with github.com/parquet-go/parquet-go from one
// row struct per file, whose tags are the schema: the column names of
// the JSON lines and CSV, typed — percentages DECIMAL(18,6) (the exact
// millionths of graph.Pct as INT64) with each bound's openness as a
// boolean, dates DATE (null when not given), flags and id lists as
// lists, possible links and candidates as JSON. The writers stream: rows
// go out in batches and row groups of ParquetRowGroup rows, so memory
// holds at most one row group. Verdict rows leave out share_range and
// votes_range (the typed bounds say the same); screening rows are one
// per counterparty and regime (the long layout) instead of the CSV's
// <regime>_ column groups.
package report
