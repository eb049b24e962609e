// Package resolve links entity records that describe the same real-world
// party: through shared identifiers (exact, after per-scheme
// normalisation and check-digit validation) and through similar names
// (a scored proposal: above a threshold a link, below it a row for human
// review).
//
// Everything here is a pure function over graph types; the package reads
// no store. The CLI (`ownex resolve [--threshold T]`) loads the entities,
// calls IdentifierLinks and Propose, writes the links and the review CSV.
//
// Identifiers: NormalizeIdentifier validates and canonicalises one
// identifier (LEI per ISO 17442, IMO, UK company number, Russian INN and
// OGRN, SWIFT/BIC, MMSI, generic registration/tax numbers);
// IdentifierLinks links records that share a linking identifier, as a
// spanning set (one link per record and key, never all pairs).
//
// Names: NameKey turns a name into sorted tokens (NFKC, case folding,
// diacritics removed, Cyrillic transliterated, punctuation and legal-form
// words removed); Score compares two entities' names and aliases with a
// typo-tolerant weighted token-set similarity, gated by kind and country;
// Propose blocks on rare tokens so that it is not quadratic.
//
// docs/RESOLVE.md documents the rules, the labelled evaluation set and the
// measured precision and recall.
package resolve
