// name: over-allocated
// description: Companies whose owners' published lower-bound shares add up to more than 100 %.
MATCH (o:Entity)-[h:OWNS]->(c:Entity)
WITH c, sum(h.share_min) AS total, count(h) AS holdings
WHERE total > 100000000
RETURN c.id AS id, c.name AS name, toFloat(total) / 1000000.0 AS total_share_min, holdings
ORDER BY total DESC, id
