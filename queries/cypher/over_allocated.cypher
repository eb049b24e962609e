// name: over-allocated
// description: Companies whose owners' published lower-bound shares in force today add up to more than 100 % (or to exactly 100 % with an open lower bound).
MATCH (o:Entity)-[h:OWNS]->(c:Entity)
WHERE (h.start IS NULL OR h.start <= toString(date())) AND (h.end IS NULL OR h.end > toString(date()))
WITH c, sum(h.share_min) AS total, count(h) AS holdings,
     sum(CASE WHEN coalesce(h.share_open, 0) % 2 = 1 THEN 1 ELSE 0 END) AS open_lower
WHERE total > 100000000 OR (total = 100000000 AND open_lower > 0)
RETURN c.id AS id, c.name AS name, toFloat(total) / 1000000.0 AS total_share_min, holdings
ORDER BY total DESC, id
