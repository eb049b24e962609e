// Package ofac reads the US OFAC sanctions lists in their legacy CSV form
// (FORMATS.md section 1.2): the SDN list (SDN.CSV, ADD.CSV, ALT.CSV,
// SDN_COMMENTS.CSV; source "ofac-csv", list "ofac-sdn") and the
// Consolidated non-SDN list (CONS_PRIM.CSV, CONS_ADD.CSV, CONS_ALT.CSV,
// CONS_COMMENTS.CSV; source "ofac-consolidated", list "ofac-cons").
//
// Files are recognised by their base name without extension, compared
// case-insensitively: sdn, add, alt, sdn_comments (resp. cons_prim,
// cons_add, cons_alt, cons_comments). The primary file is required, the
// others are optional; any other file is a *ingest.RowError.
//
// # Reading
//
// The files have no header. A field "-0-" (also "-0- " unquoted) is null.
// A trailing Ctrl-Z (0x1A) byte, a UTF-8 byte order mark, CRLF or LF line
// ends are all accepted; a file that is not valid UTF-8 is decoded as
// Latin-1. The files are read with ingest.CSVReader: a quote never closed
// is reported at the line it opens on, and a lenient load goes on at the
// line after it. The comments file is read with lazy quotes (it holds
// inner double quotes). The 2019 ADD.CSV published by OFAC ends cut short
// ("…","Russia",-0): the last field of the last record of a file, when it
// is exactly "-0", is read as null. Every record must have the right
// number of fields (12, 6, 5, 2) and an integer ent_num; the SDN file must
// not repeat an ent_num; SDN_Type must be individual, vessel, aircraft,
// entity or null; programs must be codes (letters, digits, space, '-',
// '.', '_', '/').
//
// An ADD, ALT or COMMENTS row whose ent_num is not in the primary file is
// an orphan: OFAC really publishes such rows (the 2019 comments file is
// newer than its SDN file), so orphans never fail a strict load; they are
// dropped and counted (Stats).
//
// # Records
//
// Each primary row is a graph.Entity "ofac:<ent_num>" (kind person,
// vessel, aircraft, or company for a null SDN_Type) with provenance
// {"ofac-sdn" or "ofac-cons", "<ent_num>"}; one graph.Designation per
// program, regime "ofac" for the SDN list and "ofac-nonsdn" for the
// Consolidated list (not a seed of the ofac engine); ALT names (aka, fka,
// nka) become Aliases, ADD rows Addresses (Address → Street, the
// City/State/Province/Postal Code text → City, Country as its ISO
// 3166-1 alpha-2 code, also added to Countries; ingest.AddCountry: a name
// the table does not know stays as published and out of Countries, and
// each name that is not an ISO code itself is kept as a country-name
// fact). The country
// of an identifier in the remarks ("Passport X (Colombia)") is its ISO
// code in the same way. The SDN columns Title, Call_Sign, Vess_type,
// Tonnage, GRT, Vess_flag and Vess_owner become facts.
//
// Remarks (the SDN text joined with the comments file by plain
// concatenation) are split on "; " and read item by item (remarks.go):
// identifiers, facts, weak aliases (a.k.a. 'X') and "Linked To: NAME"
// links. A link's target is resolved to "ofac:<n>" when exactly one
// primary name of the same publication equals NAME (final period trimmed,
// case and white space ignored), and ToName is then that record's primary
// name; otherwise To is empty and ToName is NAME (final period trimmed).
//
// Identifier labels map to schemes through the table in labels.go (the
// published label itself is not kept): registration, tax, lei, imo, mmsi,
// swift, passport, national-id (National ID No., Cedula No., D.N.I.,
// C.U.R.P., R.F.C., ...), ssn, duns, isin, driver-license and
// crypto-<code> (crypto-xbt, crypto-eth, ...). The country is the last
// parenthesis; an earlier one (a US state) is dropped; "issued …" and
// "expires …" tails are dropped. IMO and MMSI keep digits only. A "Legal
// Entity Number" that is not 20 letters or digits is not an LEI and is
// kept as a registration number.
//
// Batches hold entities with their designations, in file order, then all
// links, so that every link is written after the entities it names.
package ofac
