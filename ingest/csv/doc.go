// Package csv reads the generic CSV format of DESIGN.md: UTF-8 files with a
// header row whose columns say what kind of file it is (entities,
// ownership, control or designations). Unknown columns are ignored; header
// names are trimmed and case-insensitive; a UTF-8 byte order mark is
// tolerated.
//
// When several files are given, entities files are read first, then
// designations, ownership and control files, each group in file name
// order. Every record carries its provenance: the row's source column (or
// "csv") and "<file base name>:<line>".
//
// Each ownership row is a record of its own (RULES.md "Reports of one
// stake"): rows of one source on one owner and owned entity add up (two
// share classes) unless they are exact duplicates; rows of different
// sources are reports of one stake. A row is identified in the store by
// its optional record column (graph.Holding.Ref), else by its source,
// ends, arrangement and start date and, when the file states that same
// holding again, its position among those rows (graph.Holding.Nth): so
// re-loading a file is idempotent, both of two such rows are kept, and a
// new version of a file replaces the shares of the rows it restates,
// wherever their lines moved.
//
// A file whose last row has no line break after it may have been cut
// short in that row, and what is left of its last field can still read as
// a value (a share "2" of "25"): that row is bad input (strict mode
// refuses the file, lenient mode skips the row and reports it), with the
// advice to end a whole file with a line break. RFC 4180 allows a last
// record without one; a file that ends exactly after a line break cannot
// be told from a whole one. A quote that opens a field and never closes
// is malformed at the line it opens on, and lenient mode skips that line
// alone (ingest.CSVReader); a record longer than 4 MiB is malformed.
//
// An entity id given twice in one entities file is bad input naming both
// lines (ingest.IDLines): strict mode refuses, lenient mode keeps the first.
//
// Entities files may carry birth_date: dates of birth, ";"-separated, each
// a year, a month or a day (YYYY, YYYY-MM, YYYY-MM-DD), kept as facts of
// type birth-date (evidence for `ownex resolve`); anything else is an
// error, never dropped. Their country column (";"-separated) is read
// with ingest.AddCountry: an ISO 3166-1 alpha-2 code or a country name
// the table knows becomes the code in Countries; any other text, and a
// name read as a code, is kept as a country-name fact.
//
// Shares and votes of ownership files use graph.ParseShare (docs/SHARES.md):
// "" or "unknown", exact "50" or "50%", a closed band "25-50", interval
// notation with open or closed bounds "(25,50]" (quoted in CSV, it has a
// comma), and ">50", ">=75", "<25", "<=25". Votes default to the share.
package csv
