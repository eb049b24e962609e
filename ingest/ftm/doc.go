// Package ftm reads OpenSanctions FollowTheMoney entity JSON lines
// (`entities.ftm.json`, FORMATS.md section 5): one JSON object per line
// with id, schema, properties (every value a list of strings), referents
// and datasets. Format name "ftm".
//
// An entity id given twice in one file is bad input naming both lines
// (ingest.IDLines): strict mode refuses, lenient mode keeps the first.
//
// Files are streamed line by line (a bufio.Reader; lines up to
// MaxLineBytes) and read twice: the first pass keeps only the Address,
// Identification and Passport entities (a map by id and by each referent
// id; the one part of the input held in memory), the second pass maps and
// emits every record in file order, in batches of ParseOptions.Size().
//
// Mapping (decisions marked *):
//
//   - IDs: "os:<FtM id>". Provenance {Source "opensanctions", Record the FtM
//     id} on every record but designations (below). Relations may name
//     entities not in the input: the store makes stubs.
//   - Parties: Person → person, Company → company, Organization →
//     organization, *LegalEntity and PublicBody → organization, Vessel →
//     vessel, Airplane → aircraft. *Name: the caption when it is one of the
//     `name` values (OpenSanctions' display name), else the first `name`,
//     else the caption, else first/middle/last names; none is a bad record.
//     The other names, alias, previousName and abbreviation → Aliases;
//     weakAlias → WeakAliases (each kept once).
//   - Identifiers: registrationNumber registration, taxNumber tax, leiCode
//     lei, innCode ru-inn, ogrnCode ru-ogrn, kppCode ru-kpp, okpoCode
//     ru-okpo, bikCode ru-bik, okpdCode ru-okpd, vatCode vat, dunsCode duns,
//     swiftBic swift, imoNumber imo, mmsi/mmsiCode mmsi, passportNumber
//     passport, idNumber national-id, socialSecurityNumber ssn, permId
//     permid, uniqueEntityId us-uei, cikCode us-cik, npiCode us-npi, uscCode
//     cn-usc, ricCode ric, bvdId bvd, icijId icij, serialNumber serial;
//     values as published. Passport / Identification entities add
//     passport / national-id identifiers (number, country) to their holder.
//   - Countries: country, jurisdiction, nationality, citizenship, flag
//     (upper-cased codes). Facts: birth-date, birth-place,
//     establishment-date (incorporationDate), dissolution-date,
//     nationality, citizenship, jurisdiction, gender, title, position,
//     legal-form, status, website, email, phone, vessel-flag, vessel-type,
//     call-sign, tonnage, aircraft-model, topic (topics such as
//     sanction.control), as published (*fact dates are not validated).
//   - Addresses: each addressEntity resolved to its Address entity (full →
//     Text, street, city, region, postalCode, country), then each `address`
//     text that no resolved address already states (compared case- and
//     space-insensitively). Unresolved references are counted
//     (Stats.UnresolvedAddresses), not errors.
//   - Referents (and the id itself): graph.SameAs{Method "referent",
//     Score 1, Strength strong: a source's own cross-reference, RULES.md
//     "Parties and links"} when MapReferent derives one of our ids — ofac-<n> →
//     ofac:<n>; gb-fcdo-/gb-hmt-<UK Unique ID> → uk:<ID upper case>;
//     gb-hmt-<digits> → uk:<digits> (OFSI Group ID, the ConList id). *Not
//     derivable: eu-fsf-eu-<n>-<m> (the EU reference number EU.<n>.<m>, not
//     the logicalId of eu:<logicalId>), unsc-<n> (UN DATAID, not the
//     REFERENCE_NUMBER; a Sanction's unscId gives un:<unscId>, Method
//     "unsc-id"), name-based ids (gb-fcdo-named-…). Every other referent
//     is kept as a "reference" fact.
//   - Sanction → one graph.Designation per `entity`. *Regime from the
//     Sanction's datasets: us_ofac_sdn ofac, us_ofac_cons ofac-nonsdn,
//     gb_fcdo_sanctions and gb_hmt_sanctions uk, eu_fsf eu, un_sc_sanctions
//     un; any other dataset gives its own name as the regime
//     (us_sam_exclusions, eu_travel_bans, ch_seco_sanctions, …: never
//     seeds, even when the authority is "OFAC" or the Council of the EU).
//     Without datasets the authority text decides (OFAC, Security Council,
//     FCDO/OFSI/HM Treasury, DG FISMA/European Commission), else
//     "opensanctions". Program: program, else programId (first value).
//     Listed: the earliest startDate or listingDate; Delisted: the latest
//     endDate. Provenance {Source "os:<first dataset>", Record the Sanction
//     id}.
//   - Ownership (owner → asset) → graph.Holding; Share from `percentage`
//     by ParsePercentage (several values: their hull), Votes = Share.
//     *A percentage that no share can be (negative, above 100, NaN or
//     infinite: OutOfRange) is an error of the record (strict: the load
//     is refused at file:line; lenient: the record is skipped and
//     reported). Empty or otherwise unreadable text gives graph.Unknown()
//     and is not an error; unreadable ones are listed in Stats.UnparsedPercentages
//     (the Holding's Record is the Ownership id). startDate/endDate → Span.
//     An owner owning itself is dropped (Stats.SelfOwnership).
//   - Directorship (director → organization) → graph.Control basis
//     director. Control (controller → controlled) → basis by controlType:
//     voting voting-agreement, appointment board-appointment, management
//     and contractual dominant-influence, nominee de-facto, our own basis
//     names as is, anything else other.
//   - Links: Family (person → relative) family, Associate associate-of,
//     UnknownLink (subject → object) linked-to, Representation (agent →
//     client) acting-for, Membership (member → organization) member-of,
//     Employment (employee → employer) other; with startDate/endDate.
//   - Other schemata (CryptoWallet, Security, Occupancy, Position, …) are
//     skipped and counted (Stats.Ignored), never errors.
//
// *Dates: FtM dates are ISO prefixes. YYYY-MM-DD is kept; a time part is
// dropped; YYYY and YYYY-MM are widened: a start (startDate, listingDate)
// is the first day of the year or month, an end (endDate, Span.End and
// Delisted are exclusive) the first day after it, so the interval covers
// every day the source may mean. Several values: the earliest start, the
// latest end. An end on the start day becomes the next day (a one-day
// span); an end before the start is a bad date.
//
// Bad records — invalid JSON (or a property value that is not a list of
// strings), a missing id or schema, a relation without its two ends, a
// Sanction without entity, a party without any name, a bad date — are a
// *ingest.RowError {File, Line, Column: the property, Record: the id (or
// the shortened line), Reason}; strict mode stops at the first, lenient
// mode skips the record and reports it. Parse returns Stats beside the
// error.
package ftm
