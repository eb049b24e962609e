// Package eu reads the EU Financial Sanctions Files (FSF) 1.1, as XML
// (root <export generationDate=…> in namespace
// http://eu.europa.ec/fpi/fsd/export; elements are matched by local name)
// or as the semicolon-separated CSV variant (one row per sub-element,
// grouped by Entity_LogicalId). A file is XML when its first non-space
// byte (after a UTF-8 byte order mark) is '<', CSV otherwise.
//
// XML is streamed: one <sanctionEntity> is decoded at a time. CSV rows are
// read one by one and the consecutive rows of one Entity_LogicalId make
// one entity; *rows of an entity that come back after another entity's
// rows are a bad row (the published file is grouped; buffering the whole
// file to regroup it was not worth the memory).
//
// Mapping (decisions marked *):
//
//   - ID "eu:<logicalId>"; Provenance {Source "eu", Record
//     euReferenceNumber, or logicalId when there is none}.
//   - Kind: subjectType person (P) is a person, enterprise (E) a company;
//     anything else unknown. The CSV's Entity_SubjectType holds the letter
//     and Entity_SubjectType_ClassificationCode the word; both are read.
//   - Name (names.go): the list's primary name. Among the nameAlias
//     elements with a wholeName (or first/middle/last names) that are not
//     strong="false" (all of them when none is strong): the first whose
//     nameLanguage equals its regulationLanguage (case-insensitive), else
//     the first written in Latin script, else the first. Other strong
//     names go to Aliases, strong="false" names to WeakAliases, each name
//     kept once; an alias with a nameLanguage also gives a fact
//     name-language "<LANG>: <name>". *The CSV has no strong column
//     (moov-io/watchman's 118 columns), so every CSV name is strong unless
//     a NameAlias_Strong column is present; it has NameAlias_NameLanguage
//     and NameAlias_RegulationLanguage.
//   - Facts: gender (M/F as male/female), title, position (function),
//     nationality (countryDescription), birth-date (birthdate, else
//     year[-month[-day]], else "<from> to <to>"; "circa " when circa=true),
//     birth-place (city, place, region, country), document ("<type
//     description>: <number>[, issued by …][, issued …][, valid to …][,
//     known expired][, known false][, reported lost][, revoked by
//     issuer][ (<remark>)]"), expired-document "<scheme>:<number>" for a
//     document with knownExpired="true" (documents.go; the identifier is
//     kept: an expired passport still identifies its holder), phone / fax
//     / email / website from address contactInfo, address-remark
//     ("<address>: <remark>", ingest.AddressRemark) for each remark of an
//     address, remark.
//   - Countries: citizenship ISO 3166 alpha-2 codes (upper case; without
//     a code, the code of the description from ingest.CountryCode, and no
//     country when the table does not know it; "00"/UNKNOWN dropped; the
//     description stays in the nationality fact). *Address and
//     identifier countries are codes too (the description as published
//     when it has no code).
//   - Identifiers: regnumber → registration, fiscalcode → tax, swiftbic →
//     swift, imo → imo, passport → passport, id → national-id, any other
//     code as is (tradelic, ssn, …); value number (else latinNumber);
//     country the ISO code.
//   - Designations: one per distinct regulation programme, in document
//     order; Listed = designationDate, else the earliest publicationDate of
//     that programme's regulations. No regulation → one designation
//     without programme.
//   - unitedNationId → graph.SameAs{A: eu:<logicalId>, B: un:<id>,
//     Method "un-reference", Score 1, Strength strong: a source's own
//     cross-reference, RULES.md "Parties and links"}.
//
// Dates are YYYY-MM-DD, optionally followed by a time or an XML-Schema
// time zone (date part kept); the CSV also accepts DD/MM/YYYY (its
// fileGenerationDate is written so). A bad date, a missing logicalId or an
// entity without any name is a *ingest.RowError naming the file, the line
// (of the <sanctionEntity> start tag or the entity's first CSV row) and
// the entity; lenient mode skips the entity and reports it. Malformed XML
// ends the file (reported in lenient mode).
package eu
