// Package gen generates realistic synthetic ownership graphs for
// benchmarks and tests. Graph(entities, seed) is deterministic for a seed.
//
// The shape of a generated graph:
//
//   - 30 % of the entities are natural persons, the rest companies.
//   - Companies form corporate groups: trees of 1 to 6 levels whose
//     sizes are heavy-tailed (40 % single companies, a few groups of
//     hundreds). A group's root is held by one to a few persons or
//     outside companies.
//   - Every company has a main holder (its parent in the group, mostly a
//     majority stake) and a geometric number of further minority holders
//     drawn from a long tail of small owners (95 % persons, else any
//     entity), for
//     about 1.5 holdings per entity overall; the generator tops up with
//     small minority holdings to guarantee at least 1.5 holdings per
//     entity.
//   - About 1 % of companies get a cross-holding in their group parent,
//     which closes an ownership cycle.
//   - About 5 % of shares are published as bands (0-25, 25-50, 50-75,
//     75-100, as UK PSC data), about 2 % are unknown, about 3 % of holdings
//     carry votes that differ from their shares.
//   - About 0.5 % of companies with several holders have two of them in
//     one joint arrangement.
//   - About 3 % of companies have a control edge of a weighted random basis
//     (board-appointment, director, de-facto, dominant-influence,
//     voting-agreement, political-office, other).
//   - About 0.2 % of entities are designated under ofac, uk, eu or un
//     (some under several regimes, some delisted in 2023), mostly persons
//     and group roots so that exposure propagates down groups.
//   - About 1 % of holdings are dated: they start in 2015-2022 and half of
//     them ended before 2025.
//
// PossibleLinks adds, for benchmarks of the third run (issue 13), possible
// same-as links for a given fraction of the entities, half of them to
// designated entities.
//
// The snapshot's AsOf is AsOf ("2025-06-30"). Entity IDs are "gen:"
// followed by eight digits, so they sort in creation order.
package gen
