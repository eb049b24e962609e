// Package ofacxml reads the two XML editions of the US OFAC lists (SDN list
// and Consolidated non-SDN list), see FORMATS.md sections 1.3 and 1.4:
//
//   - the legacy format, root <sdnList> (SDN.XML, CONSOLIDATED.XML);
//   - the "advanced sanctions data model", root <Sanctions>
//     (SDN_ADVANCED.XML, CONS_ADVANCED.XML).
//
// Each file is detected by the local name of its root element; namespaces
// are ignored (the legacy tempuri.org and the SLS namespaces both work).
// Several files may be given; each is parsed on its own, in the order given.
//
// # Ids, provenance, lists
//
// Entities are "ofac:<uid>" (legacy) or "ofac:<FixedRef>" (advanced), the
// same id space as the OFAC CSV ent_num. Provenance.Source is the list name
// ("ofac-sdn" or "ofac-cons"); Provenance.Record names the record without
// the file name so that a renamed file restates the same records:
// "uid=36", "uid=36:SDGT" (a designation), "FixedRef=36",
// "SanctionsEntry=7:SDGT", "ProfileRelationship=9".
//
// The list (ListInfo) is "ofac-cons" when the file's base name contains
// "CONS" (CONSOLIDATED.XML, CONS_ADVANCED.XML), otherwise "ofac-sdn": the
// two lists share root elements and namespaces, so the name is the only
// reliable hint. ListInfo's date is Publish_Date (legacy, MM/DD/YYYY) or
// DateOfIssue (advanced); with several files it is the latest one, and
// files of different lists are an error.
//
// # Designations
//
// One Designation per program. Regime: legacy files use "ofac" for the SDN
// list and "ofac-nonsdn" for the consolidated list (file name, as above).
// Advanced files decide per SanctionsEntry from its ListID: the list text
// "SDN List" gives "ofac", any other list (SSI, FSE, NS-PLC, ...) gives
// "ofac-nonsdn"; an entry without a known list falls back to the file name.
// Only "ofac" seeds the OFAC 50 % rule engine, which is right: non-SDN
// listings do not block. Advanced entries set Listed to the earliest
// EntryEvent date; legacy entries carry no dates.
//
// # Names
//
// Names follow SDN.CSV so that loading the CSV and the XML of the same list
// does not flip an entity's name: "LAST, First Middle" for individuals
// (lastName, firstName), the last name alone otherwise. Advanced names are
// assembled the same way from the name part types (Last Name vs. First /
// Middle Name, Patronymic, Matronymic); other parts are joined in document
// order. Legacy akas with category "weak" and advanced aliases with
// LowQuality="true" are WeakAliases; every other alias (and every
// non-primary script of the primary name) is an Alias.
//
// # Identifiers
//
// Scheme mapping (idType / IDRegDocType text, case-insensitive). It copies
// the identifier labels of ingest/ofac (the CSV remarks parser) so that both
// editions give the same identifiers; the main ones:
//
//	Registration Number, Business Registration Number, Company Number,
//	UK Company Number, Registration ID, Commercial Registry Number, ...  -> registration
//	Tax ID No., NIT #, RUC #, V.A.T. Number, US FEIN, ...                -> tax
//	Legal Entity Number                                                  -> lei
//	Vessel Registration Identification (value "IMO 9486910"), or
//	  Identification Number / Company Number with an "IMO n" value       -> imo (digits only)
//	MMSI                                                                 -> mmsi
//	SWIFT/BIC                                                            -> swift
//	Passport, Diplomatic Passport                                        -> passport
//	National ID No., Cedula No., D.N.I., C.U.R.P., R.F.C., ...           -> national-id
//	SSN, D-U-N-S Number, ISIN, Driver's License No.                      -> ssn, duns, isin, driver-license
//	Digital Currency Address - XBT (any currency code)                   -> crypto-xbt (crypto-<code>)
//	anything else       -> the label in lower case, non-alphanumerics as "-"
//
// Identifier.Country is the ISO 3166-1 alpha-2 code of the issuing country
// (legacy idCountry, advanced IssuedBy-CountryID resolved to the Country
// text, then ingest.Country: "India" -> IN; a name the table does not know
// is kept as published). Advanced "Digital Currency Address - XXX"
// features are identifiers too.
//
// # Facts
//
// Birth dates become FactBirthDate: "12 Oct 1972" -> "1972-10-12",
// "Oct 1972" -> "1972-10", a year stays a year; other text is kept as
// published. Advanced DatePeriods collapse the same way (Jan 1 - Dec 31 of
// one year -> "1962"; a whole month -> "1962-05"; a range -> "A to B").
// Nationality and citizenship give both a fact (the name as published)
// and a Countries entry (the ISO code; none for a name the table does not
// know); address countries are ISO codes too (not in Countries). Every
// country name that is not an ISO code itself is kept as a country-name
// fact (ingest.FactCountryName), known to the table or not. Places of birth, titles, vessel data
// (call sign, type, flag, owner, tonnage), remarks, gender, websites,
// e-mails, phones, establishment dates and aircraft models become facts;
// unmapped advanced feature types become a fact whose type is the feature
// type text in lower case with "-" for non-alphanumerics.
//
// # Relations
//
// Legacy remarks are searched for "Linked To: NAME" items (the remarks are
// "; "-separated); NAME is resolved against the primary names of the same
// file (a first pass collects them; only names are kept in memory), both
// in the "LAST, First" and the "First LAST" spelling, with and without a
// final period. A unique match gives Link.To; an unknown or ambiguous name
// leaves To empty. ToName always holds the published text.
//
// Advanced ProfileRelationships are typed by the RelationType TEXT from
// ReferenceValueSets, never by id:
//
//	Owned or Controlled By        Holding{Owner: To, Owned: From}
//	Owns, controls, or operates   Holding{Owner: From, Owned: To}
//	Property in the interest of   Holding{Owner: To, Owned: From}
//	Acting for or on behalf of    Link acting-for
//	Associate Of                  Link associate-of
//	Providing support to          Link supports
//	Family member of              Link family
//	Leader or official of,
//	Principal Executive Officer   Link leader-of
//	playing a significant role in Link member-of
//	anything else                 Link other
//
// Holdings carry graph.Unknown() for Share and Votes (OFAC publishes no
// percentages). Former="true" marks a historic relation: its Span.End is the
// file's DateOfIssue (we know it ended at the latest then; the true end date
// is not published). Profile ids are mapped to the party's FixedRef.
//
// # Streaming and memory
//
// The advanced file is read in one pass with xml.Decoder, one element at a
// time: ReferenceValueSets (small) become lookup maps, Locations a map of
// addresses, IDRegDocuments a map IdentityID -> identifiers (an entry is
// dropped once its party is emitted), then every DistinctParty is decoded and
// emitted on its own; ProfileRelationships and SanctionsEntries are emitted
// as they stream, using a compact ProfileID -> FixedRef map. Memory therefore
// grows only with those id maps, not with the size of the parties. The
// sections must come in the documented order (lookups, locations and
// documents before the parties; relationships and entries after them);
// another order is reported as an error rather than silently losing joins.
// The legacy file is read twice (names first) and never held in memory.
//
// # Errors
//
// Bad records (a party without FixedRef, an entry without uid, a relation or
// entry naming an unknown profile, an unknown relation type, a bad date, an
// entity without any name) are *ingest.RowError values naming the file, the
// line where the record starts (xml.Decoder.InputPos) and the record
// ("sdnEntry uid=36", "DistinctParty FixedRef=36", ...). Strict mode stops at
// the first one; lenient mode reports it to Skip and goes on.
//
// A legacy file whose <publshInformation><Record_Count> differs from the
// number of <sdnEntry> elements it holds is not the whole list: at the end
// of the file this is a bad record (column Record_Count), so a strict load
// fails and a lenient load is a partial version that closes nothing
// (ingest.Report.Partial). A Record_Count that is not a number is fatal,
// as a bad Publish_Date is.
//
// Malformed XML (truncation, mismatched tags), an unknown root element, a
// bad file date (Publish_Date, DateOfIssue) and sections out of order are
// fatal in both modes: the decoder cannot resynchronise after a syntax error,
// and a partially read list would be stored as a new list version that
// silently closes every designation after the break.
package ofacxml
