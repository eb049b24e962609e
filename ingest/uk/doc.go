// Package uk reads the United Kingdom's sanctions lists (FORMATS.md
// section 2), in three variants detected from the content of each file:
//
//   - the FCDO UK Sanctions List CSV (UK-Sanctions-List.csv): a metadata line
//     "Report Date: 13-Feb-2026", then a 58-column header; one row per name,
//     grouped by Unique ID;
//   - the FCDO UK Sanctions List XML: root <Designations> with
//     <DateGenerated> and one <Designation> element per designation, read
//     one designation at a time;
//   - the retired OFSI Consolidated List (ConList.csv): a row
//     "Last Updated,dd/mm/yyyy", a 36-column header, one row per name and
//     per address, grouped by Group ID.
//
// Every designation becomes an entity "uk:<Unique ID>" (ConList:
// "uk:<Group ID>"; Group IDs are numeric and Unique IDs carry a regime
// prefix, so the two never collide), a uk designation of the regime named
// in the file, and a same-as link "un:<UN Reference Number>" when the
// record cites one. FCDO records carry provenance source "uk"; ConList
// records "uk-ofsi", so that a load of the retired list is a version of its
// own list and never closes records of the current one.
//
// Countries (nationalities and address countries) are ISO 3166-1 alpha-2
// codes read through ingest.AddCountry: Entity.Countries holds the known
// codes, an address keeps the code (the published text when the table
// does not know it), and each published name that is not a code is kept as
// a country-name fact. An <Address> element other than the lines, the
// postal code and the country (a note on the address) is kept as an
// address-remark fact ("<address>: <note>"). Dates of birth dd/mm/yyyy
// become YYYY-MM-DD; a partial date, its unknown day or month written 00
// or dd/mm ("dd/mm/1945"), becomes YYYY-MM or YYYY.
//
// Ownership is published as free-text names only. "Parent company" gives
// a holding parent → this entity, "Subsidiaries" this entity → subsidiary,
// a ship's "Current owner/operator (s)" operator → ship, all with an
// unknown share and unknown votes ([0, 100]). "Previous owner/operator
// (s)" gives a graph.Link of type "other" (never a holding). A cell is
// split into several names only on line breaks, '|' and ';', and on an
// enumeration "(1) A (2) B"; commas never split (company names hold
// them). Each name is resolved to the record of the same file whose
// primary name or alias (strong, weak or non-Latin) matches it,
// case-insensitively, with whitespace collapsed and punctuation ignored
// ("L.L.C." = "LLC", `"ALFA", JSC` = "Alfa JSC"), when exactly one record
// matches; otherwise the holding points at an entity made from the name,
// id "uk-name:<normalised name>", kind company (a previous-owner link
// always keeps the published name in ToName, and sets To only when the
// name resolves; no entity is made for it). A holding of an entity on
// itself is dropped; the same owner/owned pair stated twice in one file
// (a parent and its subsidiary naming each other) gives one holding, the
// first stated.
//
// Records are emitted per file: entities (the file's records in order, then
// the entities made from names), designations, holdings, same-as links and
// links, in batches of ParseOptions.Size() records.
package uk
