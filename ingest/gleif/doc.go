// Package gleif reads the GLEIF Golden Copy XML files (docs/FORMATS.md
// section 8): LEI-CDF level 1 entity records, RR-CDF level 2 relationship
// records and reporting exceptions.
//
// Each file's kind is detected from its root element and namespace:
// lei:LEIData (http://www.gleif.org/data/schema/leidata/2016),
// rr:RelationshipData (…/rr/2016), repex:ReportingExceptionData
// (…/repex/2016); a root without a namespace is accepted by its name, any
// other root or namespace is an error. Files are read reporting exceptions
// first, then level 1, then level 2 (each group in the order given), and
// streamed: an xml.Decoder decodes one LEIRecord, RelationshipRecord or
// Exception at a time.
//
// Level 1, LEIRecord → Entity lei:<LEI> (upper-cased; a LEI must be 20
// letters and digits), provenance {Source "gleif", Record LEI}:
//
//   - Name LegalName; OtherEntityNames and TransliteratedOtherEntityNames →
//     Aliases (each kept once).
//   - Identifiers {lei, LEI} and, when RegistrationAuthorityEntityID is
//     given, {registration, that id, Country the jurisdiction's country}.
//   - Countries: the country of LegalJurisdiction ("US-DE" → US), else the
//     legal address country.
//   - Addresses: LegalAddress, and HeadquartersAddress when it differs
//     (FirstAddressLine, AddressNumber and AdditionalAddressLines → Street).
//   - Facts: entity-status (ACTIVE/INACTIVE), legal-jurisdiction,
//     entity-category, legal-form (ELF code, OtherLegalForm in
//     parentheses), establishment-date (EntityCreationDate),
//     lei-registration-status (ISSUED, LAPSED, RETIRED, …),
//     registration-authority (RA code), and reporting-exception facts.
//   - Kind: *FUND, RESIDENT_GOVERNMENT_ENTITY and INTERNATIONAL_ORGANIZATION
//     are organizations (a fund is often a contractual or trust arrangement,
//     not a company), SOLE_PROPRIETOR a person (an individual acting in a
//     business capacity), GENERAL, BRANCH and anything else a company.
//
// Level 2, RelationshipRecord: StartNode is the child, EndNode the parent
// (lei:<LEI>; a node of another NodeIDType becomes gleif:<type>:<id>). The
// endpoints get no entity from a relationship (the stores create stubs),
// so that a level-2 load never overwrites level-1 names. Provenance
// {Source "gleif", Record "<start>/<RelationshipType>/<end>"}; holdings and
// control edges carry the same id as Ref (the Golden Copy has one record
// per start node, end node and type, and a newer file's record replaces it
// in the store). A record whose id was given by an earlier record of the
// same file is bad input (ingest.IDLines, Column "Relationship"): the
// error names both lines, and lenient mode keeps the first.
//
//   - IS_DIRECTLY_CONSOLIDATED_BY → *a Control {parent → child, basis
//     dominant-influence}: an accounting consolidation means the parent
//     controls the child — IFRS 10 consolidates exactly the investees an
//     investor controls, and the EU Accounting Directive 2013/34/EU art. 22
//     requires consolidation of undertakings over which the parent has a
//     majority of votes, the right to appoint or remove the board majority,
//     or a dominant influence (US GAAP ASC 810: a controlling financial
//     interest). When a RelationshipQuantifier in PERCENTAGE units is given
//     (MeasurementMethod ACCOUNTING_CONSOLIDATION, e.g. 100.00, also 1.00),
//     also a Holding {parent → child, Share exact that percentage, Votes
//     unknown [0, 100]}: the consolidation percentage is the group's
//     interest, not a statement about voting rights. Without a quantifier
//     no holding is invented.
//   - IS_ULTIMATELY_CONSOLIDATED_BY → graph.Link {ultimately-consolidated-by}
//     (child → ultimate parent): it repeats what the direct chain says and
//     would double count if it were a control edge.
//   - IS_FUND-MANAGED_BY (StartNode the fund, EndNode its fund management
//     entity) → a Control {manager → fund, basis de-facto} and a Link
//     {fund-managed-by} (fund → manager) that names the relation. The
//     management entity holds no interest in the fund (its investors hold
//     the units), so never a holding; it runs the fund's affairs and
//     invests its assets under the management agreement: control in fact
//     (the OFSI test: the affairs of the fund are conducted as the manager
//     wishes; the EU best-practice criteria of a dominant influence under an
//     agreement and of the right to use the entity's assets), not a right
//     the record shows (board appointment, votes). De facto control makes
//     the fund controlled under EU (a rebuttable presumption, flagged) and UK
//     rules but not a UK conduit, and only a control-risk flag under OFAC.
//     Open Ownership's BODS of GLEIF calls it other-influence-or-control,
//     which package bods reads as de facto control too.
//   - IS_SUBFUND_OF (StartNode the sub-fund, EndNode the umbrella fund) →
//     Control {umbrella → sub-fund, basis dominant-influence}: a sub-fund is
//     a compartment of the umbrella, governed by the umbrella's constitution
//     and board (often not even a separate legal person); whoever controls
//     the umbrella controls its sub-funds (a UK conduit).
//   - IS_FEEDER_TO (StartNode the feeder fund, EndNode the master fund) →
//     Holding {feeder → master, Share and Votes unknown [0, 100]}: a feeder
//     invests all or nearly all of its assets (a feeder UCITS at least 85 %,
//     Directive 2009/65/EC art. 58) in units of the master, so the feeder
//     owns part of the master, by a share GLEIF does not give — and the
//     master neither owns nor controls the feeder. The unknown share counts
//     in the possible run only (a designated feeder leaves its master
//     undetermined, never blocked).
//   - IS_INTERNATIONAL_BRANCH_OF → Link {other}. Links never change a
//     verdict.
//   - The mapping is AppendRelation (relations.go), which package bods
//     also applies to BODS statements made from GLEIF relationships, so a
//     relationship means the same loaded either way.
//   - Validity: Start = the earliest RELATIONSHIP_PERIOD StartDate; End = its
//     EndDate (when every relationship period has one, the latest).
//     *ACCOUNTING_PERIOD and DOCUMENT_FILING_PERIOD dates describe the
//     accounts the relationship was reported from, not the relationship's
//     life, and are ignored (otherwise every active consolidation would end
//     at its last fiscal year end). A relationship with RelationshipStatus
//     INACTIVE, or whose registration is RETIRED, and no end date ends at
//     the record's LastUpdateDate (else the file's ContentDate); a record
//     with a Golden Copy deletion extension (gleif:Deletion/DeletedAt) and
//     no end date ends at DeletedAt. Dates are the date part of the
//     xs:dateTime as published (local date, whatever the offset).
//   - *Registration status ANNULLED or DUPLICATE: the record is dropped (it
//     never described a relationship). LAPSED records are kept (a lapsed
//     registration still describes a real relationship).
//
// Reporting exceptions → facts {reporting-exception, "<category>:
// <reasons>[ (<references>)]"} on the entity, the category
// DIRECT_ACCOUNTING_CONSOLIDATION_PARENT written no-direct-parent and
// ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT no-ultimate-parent, e.g.
// "no-direct-parent: NON_CONSOLIDATING". They are held (compactly: an index
// into the few distinct fact sets per LEI) until the LEI's level-1 record
// is read in the same parse. *Exceptions whose LEI has no level-1 record in
// the parse are emitted at the end as an entity {lei:<LEI>, kind unknown,
// name the LEI}: load repex files together with the level-1 files, since
// such an entity replaces one loaded earlier.
//
// Bad input is a *ingest.RowError naming the file, the line of the record's
// start tag and the element; a bad LEI, a missing LegalName, an unknown
// RelationshipType, a relationship of a node with itself, a quantifier that
// is not a percentage in [0, 100] with at most six decimals, a bad date or a
// relationship ending before it starts are bad records (skipped in lenient
// mode). Malformed XML is reported at the line where the decoder stopped;
// in lenient mode the rest of that file is given up, keeping the records
// already read.
package gleif
