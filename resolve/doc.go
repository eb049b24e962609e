// Package resolve decides which entity records describe the same
// real-world party, and how sure that is (RULES.md section 2, "Parties
// and links"): a strong link joins two records into one party, a
// possible link only flags them, a conflicting attribute vetoes a link,
// and two entries of one sanctions list are never linked automatically.
//
// Everything here is a pure function over graph types; the package reads
// no store. The CLI (`ownex resolve`) reads the entities with their
// facts, the designations (ListsOf: the lists each record is an entry
// of) and the same-as links already stored, calls Resolve, replaces the
// previous run's links with Result.Links (graph.SameAsReplacer) and
// writes Result.Review with WriteReviewCSV. A person's decisions come
// back through ReadReview (the review file's accept column) or the
// command line, and are stored as Decision.Link (graph.SourceReview):
// Resolve then neither links nor proposes those pairs again.
//
// Resolve (resolve.go): identifier pairs (LinkKey, aircraft registration
// marks) and name matches (nameMatches) are the candidates; conflicts
// (rules.go: kinds, dates of birth, genders, LEI, IMO, UK company
// number, INN, OGRN, aircraft serial numbers) veto them; a name match at
// or above the threshold is strong when corroborate finds an agreeing
// attribute (persons: date of birth, passport or national id;
// organisations: registration number or incorporation date in a common
// jurisdiction), else possible; strong candidates become links only when
// the party they form holds no two entries of one list, no rejected pair
// and no conflict (parties.go). Every link carries its Evidence.
//
// Identifiers (identifier.go, links.go): NormalizeIdentifier validates
// and canonicalises one identifier (LEI per ISO 17442, IMO, UK company
// number, Russian INN and OGRN, SWIFT/BIC, MMSI, generic registration,
// tax, passport and national id numbers); LinkKey gives the key under
// which an identifier links records.
//
// Attributes (attributes.go, dates.go): profileOf reads what the rules
// compare besides names: dates of birth and of incorporation as
// published (parseDate: days, months, years, ranges, "circa"), gender,
// documents, registration numbers, jurisdictions, serial numbers.
//
// Names (namekey.go, score.go, similarity.go, phonetic.go, units.go,
// rarity.go): NameKey turns a name into sorted tokens (NFKC, case
// folding, diacritics removed, Cyrillic transliterated, punctuation and
// legal-form words removed); Score compares two entities' names and
// aliases with a typo-tolerant weighted token-set similarity, gated by
// kind and country, where generic words weigh little (descriptors, and
// token rarity over the whole population: Stats), numbers must be equal,
// and a branch, office or part of an organisation (unitOf) is kept apart
// from the whole and from other parts; nameMatches blocks on rare tokens
// so that it is not quadratic.
//
// Screening (screen.go, screentokens.go, screenblock.go): ScreenScorer
// is Score with the options of screening a client's row against every
// record of a store — token rarity over the store, stricter
// transliteration equivalences and the vowel and typo allowances of
// tokenSim's screen mode, the surname of "SURNAME, Given" names that
// must be matched, a record's short name that must keep a distinctive
// word, and the evidence of identifiers, dates of birth and countries (a
// country never hides a name that matches) — and Explain says why, token
// pair by token pair; TokenKeys gives the blocking keys of a screening
// index. The rarity is counted over records prepared once
// (NewScreenScorer, or ScreenStats record by record for an index that
// does not keep them: NewScreenScorerOf, then Prepare weighs a record as
// NewScreenScorer would have). Resolve's scores do not depend on it.
//
// docs/RESOLVE.md documents the rules and the figures.
package resolve
