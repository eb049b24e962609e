// Package bods reads the Beneficial Ownership Data Standard (BODS) 0.2,
// 0.3 and 0.4 (FORMATS.md section 6).
//
// # Input
//
// A file is a JSON array of statements, or a stream of statements (JSON
// lines), told apart by its first non-space byte ('[' or not); a UTF-8 byte
// order mark is skipped. The array is streamed with json.Decoder, one
// statement at a time; the file is never loaded whole. Every statement is
// versioned on its own: one with a "statementType" is read as BODS 0.2/0.3
// (statementID, entityStatement / personStatement /
// ownershipOrControlStatement), any other as BODS 0.4 (statementId,
// recordId, recordType, recordStatus, recordDetails). A pretty-printed 0.4
// statement on its own (an object over several lines, not in an array) is
// rejected, as the 0.4 schema wants an array (JSON lines must hold one
// statement a line); 0.2/0.3 files of one object are accepted (the 0.2
// "flat serialisation" examples).
//
// # Validation and errors
//
// BODS 0.4 statements are checked against a hand-written subset of the
// 0.4 JSON schema (schema.go): required properties, JSON types, closed
// code lists, string lengths, date, date-time and URI formats, the
// bodsVersion pattern, share bounds 0..100, and the conditional rules
// (entity subtype vs type, identifier scheme or schemeName, publisher name
// or url, url of linking annotations, transformedContent only for
// transformation, no componentRecords in a component relationship,
// subject and interestedParty a recordId or an unspecified record). A bad
// statement is an *ingest.RowError whose Column is the JSON path of the
// failing instance, as a JSON-schema validator reports it ("$[0]" is the
// first statement of the file, "$[0].recordDetails" ...), and whose Reason
// starts with the failing keyword: "required: ", "type: ", "enum: ",
// "format: ", "anyOf: ", "oneOf: ", "const: ", "minimum: ", "maximum: ",
// "minLength: ", "maxLength: ", "pattern: "; share bounds that leave an
// empty range give "share: ". Every file of the official 0.4 tests-data
// invalid-statements fails with the keyword and path of its
// expected_errors.csv row. 0.2/0.3 statements get lighter checks: the
// JSON type of every property read for any of the three statement types,
// whatever the statement's type (schema02.go: a number where a name or a
// country code is expected is a "type" error at its path, never read as
// absent), then ids, statementType, entityType and personType codes,
// references, interests, shares and dates. Malformed JSON stops the file in both modes (the stream
// cannot be resynchronised); a bad statement stops the parse in strict
// mode and is skipped (reported to ParseOptions.Skip) in lenient mode.
// Line is the line where the statement starts. A statement id (0.2/0.3
// statementID, 0.4 statementId) given by an earlier statement of the same
// file is bad input (ingest.IDLines, Column "$[6].statementID"): the error
// names both lines, and lenient mode keeps the first statement; a 0.4
// recordId given again is an update, not a repeat.
//
// # Decoding
//
// A statement is decoded once as generic JSON, for validation (whose
// errors name JSON paths and types), and, once valid, into the typed
// structs of its version (types04.go for 0.4, types02.go for 0.2/0.3,
// types.go for the parts they share), which the conversion reads. An
// absent property is kept apart from an empty or zero one (pointers): a
// share object without bounds is no share, an absent exact share is not 0.
// Files: bods.go (reading the file), schema*.go (validation), decode.go,
// types*.go, convert.go (statements to records), entity.go, interests.go,
// gleif.go (interests made from GLEIF), refs.go (edge refs), dates.go,
// updates.go (replacements, record status).
//
// # Entities
//
// IDs are "bods:<recordId>" for 0.4 (recordId is the stable key of the
// thing described, reused across updates) and "bods:<statementID>" for
// 0.2/0.3, except that a statement that replacesStatements a statement read
// earlier keeps that statement's entity ID, so an entity keeps its ID
// across updates. IDs are not namespaced per publisher.
//
//	entityType                           Kind
//	registeredEntity, legalEntity        company
//	arrangement, state, stateBody        organization
//	anonymousEntity, unknownEntity       unknown ("unknown entity (reason: description)" when unnamed)
//	personType knownPerson               person
//	personType anonymousPerson           unknown, "anonymous person (reason)" when unnamed
//	personType unknownPerson             unknown, "unknown person (reason)" when unnamed
//
// The reason is unspecifiedEntityDetails / unspecifiedPersonDetails (0.4)
// or missingInfoReason (0.2/0.3). Names: entity name, alternateNames as
// aliases; person names[] — the first "individual"/"legal" name (else the
// first) is the name, fullName or given+patronymic+family, the others are
// aliases. jurisdiction / incorporatedInJurisdiction codes and person
// nationalities are Countries (upper case). Identifiers: GB-COH becomes
// gb-coh with numeric company numbers zero-padded to 8 (country GB), XI-LEI
// becomes lei (upper case), every other scheme code is lower-cased (with
// its two-letter prefix, other than X? and ZZ, as country); an identifier
// without a scheme code is kept as a reference fact "schemeName: id".
// Addresses keep address, postCode and country code; a placeOfBirth
// address, like 0.4 placeOfBirth, is a birth-place fact. Facts:
// foundingDate (establishment-date), dissolutionDate (dissolution-date),
// uri (reference), birthDate (birth-date, as published: YYYY, YYYY-MM or
// YYYY-MM-DD), deathDate (death-date), PEP status and reasons (position).
//
// A 0.4 entity or person statement older (by statementDate) than one
// already loaded for the same recordId is ignored; otherwise it is emitted
// (an upsert of the same ID). Entities stream out as they are read.
//
// # Relationships
//
// interestedParty is the owner/controller, subject the owned/controlled
// entity; 0.4 ends are recordIds, 0.2/0.3 ends describedBy…Statement IDs
// (resolved through replacements). An unspecified party (0.4
// UnspecifiedRecord, 0.2/0.3 "unspecified") becomes an entity of Kind
// unknown with ID "bods:unspecified:<statementId>:<role>" and name
// "unspecified interested party (reason: description)", emitted only if an
// edge uses it. Interest type codes, of every version (0.2 hyphenated
// codes and their camelCase 0.3/0.4 forms, compared without case and
// hyphens):
//
//	shareholding                                    Holding.Share
//	votingRights / voting-rights                    Holding.Votes
//	appointmentOfBoard / appointment-of-board       Control board-appointment
//	otherInfluenceOrControl / other-influence-or-control   Control de-facto
//	seniorManagingOfficial / senior-managing-official      Control director
//	boardMember, boardChair                         Control director
//	controlViaCompanyRulesOrArticles                Control dominant-influence
//	controlByLegalFramework                         Control dominant-influence
//	trustee / trustee-of-trust                      Control de-facto
//	protector / protector-of-trust                  Control de-facto
//	other-influence-or-control-of-trust             Control de-facto
//	settlor / settlor-of-trust                      Control other
//	beneficiaryOfLegalArrangement / beneficiary-of-trust   Control other
//	rightsToSurplusAssetsOnDissolution, rightsToProfitOrIncome,
//	rightsGrantedByContract, conditionalRightsGrantedByContract,
//	enjoymentAndUseOfAssets, rightToProfitOrIncomeFromAssets   Control other
//	unknownInterest, unpublishedInterest, nominee, nominator   Control other
//	no type, with a share                           Holding.Share (read as shareholding)
//	no type, no share; unknown 0.2/0.3 code         Control other
//	no interests at all                             Control other (nothing if the party is unspecified)
//
// GLEIF relationships: a direct interest without a share whose details read
// "LEI RelationshipType: <type>" (how Open Ownership's GLEIF pipeline,
// openownership/bodspipelines, marks the interest it makes of a GLEIF
// relationship record: always other-influence-or-control, whatever the
// type) is mapped as package gleif maps that relationship type
// (gleif.AppendRelation), the subject being the relationship's child
// (StartNode) and the interested party its parent (EndNode): fund
// management is de facto control by the manager (and a fund-managed-by
// link), a sub-fund is under the umbrella's dominant influence, a feeder
// holds an unknown share of its master, a direct consolidation is
// dominant-influence control, an ultimate one a link. Unknown types, and
// the same interests with any other details, go through the table above.
//
// Shares: exact gives [x, x]; otherwise minimum / maximum are closed
// bounds, default 0 and 100. In 0.4 exclusiveMinimum / exclusiveMaximum
// are numbers, open bounds ({minimum: 75, exclusiveMaximum: 100} is
// [75, 100)); in 0.2/0.3 they are booleans opening minimum / maximum
// ({minimum: 25, maximum: 50, exclusiveMinimum: true} is (25, 50]). Both
// forms are accepted in every version (strict 0.4 validation rejects
// booleans first). A shareholding without a share is graph.Unknown().
//
// Direct interests (directOrIndirect / interestLevel "direct", "unknown"
// or missing) are grouped by their span (startDate, endDate → Span): the
// shareholdings of one span give one Holding whose Share is their sum
// (capped at 100; several shareholdings of one statement are taken as
// different share classes or parcels), likewise voting rights for Votes.
// With shares but no voting-rights interest, Votes equals Share (RULES.md:
// votes default to the share range); with voting rights only, Share is
// unknown. Control interests give one Control per basis and span.
// Indirect interests are derived through other relationships, so they
// never make a Holding or Control: each distinct span gives one
// graph.Link{Type: LinkOther} from party to subject, shown to
// investigators only. beneficialOwnershipOrControl is not kept, nor are
// details (but for GLEIF's, below). Component relationships (isComponent) are direct edges like any
// other.
//
// # Updates
//
// Relationships are buffered (as graph records, not JSON) and emitted
// after the last file, in order of first appearance, so that later
// statements can change them. 0.2/0.3: replacesStatements drops what the
// replaced statements contributed, and a replaced statement read later is
// ignored. 0.4: the statement with the latest statementDate of a recordId
// wins (a tie: the later in the input); "updated" replaces the record's
// edges; "closed" ends them at the statement date (Span.End =
// statementDate unless it ends earlier; an edge starting on or after that
// date is dropped), taking the previous edges when the closing statement
// has no interests. Provenance is Source "bods:<publisher>"
// (publicationDetails.publisher.name, else its url; "bods" when the
// statement names no publisher: the publisher is the source whose reports
// of one stake add up, RULES.md section 2), Record the statement id.
// Every holding and control has a Ref, its stable id by which a store
// upserts it (see setRefs): the relationship's id — 0.4 recordId, so that
// an update or a closing statement loaded later replaces the edges;
// 0.2/0.3 the statementID, or the Ref of the statement it replaces when
// that was read earlier in the parse — followed by "@<startDate>" when the
// edge has one (an edge per period of interests), and "#2", "#3"... for
// edges of one kind and basis with the same start and different ends.
// Memory is bounded by the relationships and record ids, not the file.
package bods
