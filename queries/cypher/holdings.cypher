// name: holdings
// description: What an entity holds, directly and indirectly, up to N levels down, with the shares along the way.
// param: id string              the owner
// param: depth int = 3          how many levels down (1-8)
MATCH p = (x:Entity {id: $id})-[:OWNS*1..8]->(c:Entity)
WHERE length(p) <= $depth
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
RETURN c.id AS held, c.name AS name, length(p) AS level,
       [r IN relationships(p) | toFloat(r.share_min) / 1000000.0] AS shares_min,
       [n IN nodes(p) | n.id] AS path
ORDER BY level, held, path
LIMIT 1000
