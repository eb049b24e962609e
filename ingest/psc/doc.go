// Package psc reads the UK Companies House "persons with significant
// control" (PSC) snapshot (docs/FORMATS.md section 7) and, in the same
// run, Basic Company Data converted to JSON.
//
// Input. One JSON object per line, as Companies House publishes the
// snapshot (persons-with-significant-control-snapshot-*.txt), or a JSON
// array of such objects (the shape of the Open Ownership fixtures, whose
// records carry an extra top-level ContentDate that is ignored). A UTF-8
// byte order mark and blank lines are tolerated; a line longer than
// ingest.MaxLineBytes (64 MiB) is a bad record (ingest.LineReader). Each
// record is detected by its keys: an object with "data" is a PSC snapshot
// record (company_number
// + data); an object with "CompanyNumber" (header names trimmed, as in the
// Basic Company Data CSV whose header has leading spaces) is a company.
// Files are read in the order given.
//
// Companies. The company of a record is gb-coh:<company_number>, the number
// upper-cased, white space removed and zero-padded to 8 characters (all
// digits: 686734 → 00686734; a two-letter prefix: SC1234 → SC001234). The
// company itself gets no entity from a PSC record (the stores create a stub
// for it) so that a PSC load never overwrites the name that Basic Company
// Data gives it; a Basic Company Data record becomes the company entity
// {gb-coh:<number>, company, CompanyName, identifier gb-coh, Countries GB
// when CountryOfOrigin is the UK, previous names as aliases, registered
// address, facts company-status, company-category, country-of-origin,
// establishment-date (IncorporationDate, dd/mm/yyyy → YYYY-MM-DD),
// dissolution-date, sic, reference (URI)}, provenance {gb-coh,
// company/<number>}.
//
// PSC records (data.kind), provenance {Source "gb-psc", Record links.self,
// else the etag}:
//
//   - totals#persons-of-significant-control-snapshot: skipped (counted).
//   - individual-person-with-significant-control, individual-beneficial-owner:
//     a person gb-psc:<company_number>:<psc id>, the psc id being the last
//     segment of links.self (else the etag). The same human holding several
//     companies gets one node per company: Companies House publishes no
//     identifier for individuals, and names are never keys. Name (else
//     name_elements joined), address and principal_office_address, Countries
//     GB for a British nationality, and the ISO code of the country of
//     residence (ingest.AddCountry: England is GB), facts psc-kind,
//     company-number, nature-of-control (each raw code), psc-notified-on,
//     psc-ceased-on, is-sanctioned (overseas entities' beneficial owners),
//     title, nationality, country-of-residence and birth-date "YYYY-MM" (the
//     snapshot gives month and year only).
//   - Addresses of every kind of record carry ISO country codes where the
//     published text names a country ("England" is GB); the text is kept
//     as a country-name fact (ingest.Country, issue 16).
//   - corporate-entity-…, legal-person-… (PSC or beneficial owner): when
//     identification.registration_number has the shape of a Companies House
//     number once normalised and the register is in the UK — country_registered,
//     else place_registered, names England, Wales, Scotland, Northern
//     Ireland, the United Kingdom, Great Britain, UK or Companies House (but
//     not New South Wales) — the PSC IS the company gb-coh:<number>: it is
//     emitted with its name, identifier gb-coh and Countries GB, no facts
//     (the node is shared by every company it holds). Otherwise a node
//     gb-psc:<company_number>:<psc id> with an identifier {registration,
//     number, the ISO code of country_registered else place_registered, or
//     the text as published when it names no country} when a number is
//     given (the code also in Countries), and facts legal-form, legal-authority,
//     place-registered. *Corporate entities are companies; legal persons
//     (governments, corporations sole, public bodies: "State Administration
//     Of Foreign Exchange", "Government Of Czech Republic") are
//     organizations.
//   - super-secure-…: kept as a person node gb-psc:<company>:<psc id> named
//     "super-secure person with significant control" (fact super-secure,
//     ceased, remark = description). It publishes no natures of control, so
//     *a control edge of basis other (which never changes a status) records
//     that it is a PSC without claiming which right it holds; a super-secure
//     PSC marked ceased without a date gets no edge.
//   - persons-with-significant-control-statement and exemptions: kept as a
//     node of kind unknown gb-psc:<company>:<id> named "PSC statement:
//     <statement>" (facts psc-statement / psc-exemption) with a graph.Link
//     {other} to the company, dated notified_on/ceased_on. *The statement is
//     not written as a fact on the company node, because writing the company
//     entity would replace its name and facts from Basic Company Data.
//   - any other kind is a bad record.
//
// Natures of control (companieshouse/api-enumerations psc_descriptions.yml)
// become one Holding {Owner the PSC, Owned the company} and Control edges,
// all with Span {Start notified_on, End ceased_on}:
//
//   - ownership-of-shares-<band> → Share; voting-rights-<band> → Votes;
//     *right-to-share-surplus-assets-<band>-limited-liability-partnership
//     (an LLP has no shares: the right to surplus assets on winding up is
//     the economic interest the share conditions stand for) → Share, and
//     voting-rights-…-limited-liability-partnership → Votes.
//   - Bands with exact bounds as Companies House words them:
//     25-to-50-percent "more than 25% but not more than 50%" = (25, 50];
//     50-to-75-percent "more than 50% but less than 75%" = (50, 75);
//     75-to-100-percent "75% or more" = [75, 100]; the overseas-entity
//     codes …-more-than-25-percent-… = (25, 100].
//   - Qualifiers are accepted on every family and change nothing: -as-trust,
//     -as-firm, -as-control-over-trust/-firm/-company,
//     -limited-liability-partnership, -registered-overseas-entity and their
//     combinations. *A right held as trustee or partner, or through control
//     of a trust or firm, is counted as the PSC's own; the raw code is kept
//     in the nature-of-control facts of gb-psc nodes.
//   - *Several codes of one family (e.g. a right held directly and as a
//     firm): the strongest band is kept (highest lower bound).
//   - right-to-appoint-and-remove-directors (and -members for LLPs, -person
//     for some firms, with any qualifier) → Control basis board-appointment;
//     significant-influence-or-control (any qualifier) → Control basis
//     de-facto.
//   - *Undeclared right: a PSC that declares a share band but no voting band
//     holds at most 25 % of the votes, Votes = [0, 25], and a voting band
//     without a share band means Share = [0, 25]. Legal basis: Companies Act
//     2006 Schedule 1A paragraphs 2 and 3 (and for overseas entities the
//     Economic Crime (Transparency and Enforcement) Act 2022 Schedule 2):
//     the conditions are holding "more than 25 %" of the shares or of the
//     voting rights, and a PSC must be registered with every condition it
//     meets (Sch. 1A para 1; the Register of People with Significant Control
//     Regulations 2016 Sch. 2 require each to be stated), so an undeclared
//     right is not more than 25 %. A PSC with control natures only gets no
//     holding.
//   - An unknown code is a bad record.
//
// Dates: notified_on → Span.Start, ceased_on → Span.End (ceased PSCs stay
// in the snapshot and are end-dated). *ceased_on equal to notified_on keeps
// the end and drops the start (the interest ended that day; when it began
// is not known); ceased_on before notified_on is a bad record.
//
// Batches: the records of one source record are never split across
// batches; a batch holds at most ParseOptions.Size() records (unless one
// source record alone yields more).
//
// Bad input is a *ingest.RowError naming the file, the line where the
// record starts, the field and the record text. JSON lines resume at the
// next line in lenient mode; inside a JSON array a syntax error ends that
// file (nothing after it can be trusted), keeping the records already read.
package psc
