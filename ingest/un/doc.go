// Package un reads the UN Security Council Consolidated List, the XML file
// `consolidated.xml` (root <CONSOLIDATED_LIST dateGenerated="…">, sections
// <INDIVIDUALS> and <ENTITIES>; docs/FORMATS.md section 4).
//
// The file is streamed: an xml.Decoder walks the tokens and decodes one
// <INDIVIDUAL> or <ENTITY> element at a time, so memory does not grow with
// the size of the file. Every record yields one graph.Entity and one
// graph.Designation, in file order, in batches of ParseOptions.Size().
//
// Mapping (decisions marked *):
//
//   - ID "un:<REFERENCE_NUMBER>" (trimmed; some published numbers carry a
//     trailing space). Provenance {Source "un", Record REFERENCE_NUMBER}.
//   - Kind: INDIVIDUAL is a person. *ENTITY is an organization: the UN does
//     not say whether an entity is a company or a group (the list mixes
//     front companies, banks, charities and armed groups), and organization
//     is the kind that claims no more than the list does.
//   - Name: FIRST_NAME … FOURTH_NAME joined with single spaces.
//     NAME_ORIGINAL_SCRIPT goes to Aliases. Aliases of QUALITY Good,
//     a.k.a., f.k.a. or empty go to Aliases; QUALITY Low goes to
//     WeakAliases. *Empty alias names are dropped; an alias equal to the
//     name or to an alias already kept (a weak one equal to a strong one
//     included) is kept once.
//   - Designation {Regime "un", Program UN_LIST_TYPE, Listed LISTED_ON}.
//     LISTED_ON may carry an XML-Schema time zone (2015-04-07-04:00, Z,
//     +01:00); the date part is kept as published.
//   - Facts, in this order: list-type (LIST_TYPE/VALUE), title
//     (TITLE/VALUE), position (DESIGNATION/VALUE), nationality
//     (NATIONALITY/VALUE as the UN publishes it; its ISO 3166-1 alpha-2
//     code is in Countries when ingest.CountryCode knows it), gender (lower-cased: male, female), birth-date (EXACT
//     DATE or YEAR as published, "circa <year>" for APPROXIMATELY,
//     "<from> to <to>" for BETWEEN, a NOTE appended in parentheses, then
//     the dates of birth some aliases carry), birth-place (STREET, CITY,
//     STATE_PROVINCE, COUNTRY joined with ", ", a NOTE in parentheses; then
//     the aliases' CITY_OF_BIRTH/COUNTRY_OF_BIRTH), document (see below),
//     remark (COMMENTS1; then *each alias NOTE as "<alias>: <note>", since
//     those notes carry passport numbers and dates of birth), reference
//     ("dataid:<DATAID>"), then country-name (ingest.FactCountryName: each
//     country name of a nationality, a document or an address, unless it
//     is an ISO code itself). Equal facts are kept once.
//   - Addresses: STREET, CITY, STATE_PROVINCE (Region), ZIP_CODE (Postal),
//     COUNTRY (its ISO code; the name as published when the table does
//     not know it); *the address NOTE ("as of June 2016", "in prison", or a whole
//     address) goes to Address.Text, the only free-text slot. Addresses
//     with no part at all (<COUNTRY/> only) are dropped.
//   - Documents become Identifiers when they have a NUMBER. The scheme
//     comes from TYPE_OF_DOCUMENT, or TYPE_OF_DOCUMENT2 when that is more
//     specific, with white space collapsed: "passport" for passport-like
//     types (Passport, Numéro de passeport, Número de pasaporte, national
//     passport…), "national-id" for national identity numbers and cards,
//     "document" for anything else. The country is the ISO code of
//     ISSUING_COUNTRY, else of COUNTRY_OF_ISSUE. *Because an Identifier has no room for the type
//     text, every document (with or without a number) is also kept as a
//     fact {document, "<type>[ / <type2>]: <number>[, issued by <country>]
//     [, issued <date>][, <city>][ (<note>)]"}.
//   - Empty elements (<COUNTRY/>, <QUALITY/>) are absent values; white space
//     inside every value is collapsed to single spaces.
//   - Not mapped: VERSIONNUM, LAST_DAY_UPDATED, SORT_KEY*.
//
// Bad input: a record without REFERENCE_NUMBER or without any name, or
// with a LISTED_ON that is not a date, is a *ingest.RowError naming the
// file, the line of the record's start tag (xml.Decoder.InputPos), the
// element and the record (REFERENCE_NUMBER or DATAID). Malformed XML (a
// truncated file, a broken tag) is a RowError at the line where the
// decoder stopped; in lenient mode it is reported to Skip and the rest of
// that file is given up (nothing after a syntax error can be trusted),
// keeping the records already read. A file whose root is not
// CONSOLIDATED_LIST is always an error.
package un
