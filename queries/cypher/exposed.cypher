// name: exposed
// description: Entities exposed under a regime (after analyze --write-back) with the designated roots that reach them.
// param: regime string          ofac, uk or eu
// param: max_hops int = 6       how far up roots are looked for (1-8)
MATCH (e:Entity:Exposed)
WHERE e['exposure_' + $regime] IN ['blocked', 'owned', 'controlled', 'undetermined']
OPTIONAL MATCH p = (d:Entity)-[:OWNS|CONTROLS*1..8]->(e)
WHERE length(p) <= $max_hops AND d['exposure_' + $regime] = 'designated'
WITH e, collect(DISTINCT d.id) AS roots
RETURN e.id AS id, e.name AS name, e['exposure_' + $regime] AS status, e['exposure_' + $regime + '_flags'] AS flags, roots
ORDER BY id
