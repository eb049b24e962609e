// name: chain
// description: Ownership chains from one entity down to another, with each holding's share and the multiplied share.
// param: from string            the owner at the top of the chain
// param: to string              the entity at the bottom
// param: max_hops int = 6       longest chain considered (1-8)
MATCH p = (a:Entity {id: $from})-[:OWNS*1..8]->(b:Entity {id: $to})
WHERE length(p) <= $max_hops
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
RETURN [n IN nodes(p) | n.id] AS path,
       [r IN relationships(p) | toFloat(r.share_min) / 1000000.0] AS shares_min,
       [r IN relationships(p) | toFloat(r.share_max) / 1000000.0] AS shares_max,
       reduce(m = 100.0, r IN relationships(p) | m * toFloat(r.share_min) / 100000000.0) AS multiplied_min
ORDER BY length(p), path
LIMIT 100
