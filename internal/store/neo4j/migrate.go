package neo4j

import (
	"context"

	"github.com/ownex/ownex/graph"
)

// Upgrading what an earlier ownex wrote (Open).

// cypherMigrateLinks gives up to 10,000 SAME_AS relationships written
// before links had a strength (issue 13), whose method is the old
// resolver's name method ($name) or not ($names), the strength $strength
// and their record as evidence, and returns how many it changed.
const cypherMigrateLinks = `MATCH ()-[r:SAME_AS]->() WHERE r.strength IS NULL AND coalesce(r.method = $name, false) = $names
WITH r LIMIT 10000
SET r.strength = $strength, r.evidence = r.record
RETURN count(r)`

// migrateLinks gives the SAME_AS relationships written before links had
// a strength the one the rules give them (RULES.md section 2, "Parties
// and links"): name links become possible links, since a name match alone
// never merges parties; every other method (identifier:<scheme>,
// referent, unsc-id, un-reference, uk-sanctions-list-ref: a shared
// identifier or a source's own cross-reference) is strong. It returns the
// notices the store gives once (Migrations). The relationships without a
// strength are found by a scan of the SAME_AS relationships, which are
// few in every real graph.
func (s *Store) migrateLinks(ctx context.Context) ([]string, error) {
	var counts [2]int64
	for i, m := range []struct {
		names    bool
		strength graph.LinkStrength
	}{{true, graph.StrengthPossible}, {false, graph.StrengthStrong}} {
		params := map[string]any{"name": graph.LegacyNameMethod, "names": m.names, "strength": string(m.strength)}
		for {
			n, err := s.writeCount(ctx, cypherMigrateLinks, params)
			if err != nil {
				return nil, err
			}
			if n == 0 {
				break
			}
			counts[i] += n
		}
	}
	return graph.LegacyLinkNotices(counts[0], counts[1]), nil
}

// Migrations returns the notices of what Open changed in a database
// written by an earlier ownex (graph.Migrator): empty unless this Open
// migrated it.
func (s *Store) Migrations() []string { return s.notices }
