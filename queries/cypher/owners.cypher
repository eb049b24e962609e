// name: owners
// description: Owners of an entity up to N levels up, each with its level and the shares along the way.
// param: id string              the owned entity
// param: depth int = 3          how many levels up (1-8)
MATCH p = (o:Entity)-[:OWNS*1..8]->(x:Entity {id: $id})
WHERE length(p) <= $depth
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
RETURN o.id AS owner, o.name AS name, length(p) AS level,
       [r IN relationships(p) | toFloat(r.share_min) / 1000000.0] AS shares_min,
       [n IN nodes(p) | n.id] AS path
ORDER BY level, owner, path
LIMIT 1000
