// Package ingest loads source files into a store.
//
// A Source parses one format (generic CSV, OFAC, UK PSC, ...) and streams
// graph records in batches; Run drives a Source into a graph.Writer and
// records the load in the store's load log. In strict mode a bad row writes
// nothing, and the load log shows the run as a failed load with the bad
// row's error: with a store whose loads are atomic (graph.Atomic, the
// SQLite store) Run parses and writes in one pass and aborts the whole load
// at the first bad row; with other stores (Neo4j) it validates the whole
// input first, then writes the records in batches (a bad row begins a load
// and aborts it before anything is written). In lenient mode bad rows are
// skipped and reported one by one.
//
// A workbook or an archive given as a text file (workbook.go: Binary,
// CheckNotBinary) fails the run, in lenient mode too, naming what it is.
//
// Every file is read as UTF-8 (utf8.go): in strict mode a byte that is not
// UTF-8 fails the run at its file and line before anything is written; in
// lenient mode it is read as U+FFFD and each such line is reported.
//
// CSV files are read with CSVReader (csvreader.go; the generic CSV, the
// UK, EU and OFAC legacy CSV, and the screening book in queries). A file cut short ends in the
// middle of a line (Cut tells whether the last record read had no line
// break after it); the generic CSV format refuses such a row in strict
// mode, the screening book flags it. A record longer than MaxRecordBytes
// (4 MiB) is malformed, reported once that much is read. A quote that
// opens a field and never closes is reported at the line it opens on
// (CSVError), and a lenient load skips that line only (Recover) instead of
// every line up to where encoding/csv noticed: without it, one stray
// quote cost a lenient load the rest of its file, counted as one record
// skipped. JSON-lines files (ftm, psc) are read with LineReader
// (lines.go): a line longer than MaxLineBytes (64 MiB) is a bad record,
// consumed without being kept; JSON documents (bods, a psc array) through
// OffsetLines, which turns the decoder's offsets into lines.
//
// A record's own id given twice in one file (IDLines) is bad input naming
// both lines; lenient mode keeps the first. Formats that check it: csv
// (entities), ftm, psc (links.self), un (REFERENCE_NUMBER), eu (logicalId;
// its CSV form refused ungrouped rows already), ofac-xml (uid, FixedRef),
// uk XML (UniqueID), gleif level 1 (LEI); ofac-csv and ofac-consolidated
// refused a repeated ent_num already. Not bods (the official BODS 0.2
// example 3-joint-ownership.json repeats a statementID: a decision is
// pending), not uk CSV (one row per name of a record, by design).
//
// A sanctions list (ListSource) is a complete version only when its files
// were read whole, with no record skipped; a lenient list load that
// skipped records (a bad record, malformed or truncated XML, an OFAC
// SDN.XML whose Record_Count differs from the entries it holds) is a
// partial version: its additions and changes are written, nothing is closed, and
// Report.Partial says so (the command line exits 3).
//
// A list file that parses whole may still be refused (listguards.go): a
// complete version that would delist most of the list (ErrMassDelisting;
// Options.AllowMassDelisting loads it), and one dated after tomorrow
// (ErrFutureVersion), which would make every real version after it older.
//
// Shared by the ingesters: the text helpers (text.go: Clean, JoinNonEmpty,
// AllDigits, AppendNew, AddFact; ingest/bods/convert.go still has copies
// of its own), the country table (countries.go: CountryCode reads a
// country name or code as an ISO 3166-1 alpha-2 code; Country and
// AddCountry put it on an entity and keep the published name as a
// country-name fact) and address remarks (address.go: an
// address-remark fact "<address>: <remark>").
//
// Bad input is reported as a *RowError naming the file, line, column and
// what was wrong; the command line maps it to exit status 2. A syntax
// error in XML or in a JSON array ends the reading of its file
// (RowError.Rest): in lenient mode what came before it is loaded and the
// file is listed in Report.Unread (the command line exits 3).
package ingest
