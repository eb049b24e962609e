// name: cycles
// description: Ownership cycles (companies holding each other) of up to N companies, each listed once from its smallest id.
// param: max_len int = 6        longest cycle considered (2-8)
MATCH p = (a:Entity)-[:OWNS*1..8]->(a)
WHERE length(p) <= $max_len
  AND all(n IN nodes(p) WHERE a.id <= n.id)
  AND all(i IN range(1, length(p) - 1) WHERE single(j IN range(1, length(p) - 1) WHERE nodes(p)[j] = nodes(p)[i]))
RETURN [n IN nodes(p) | n.id] AS cycle, length(p) AS length
ORDER BY length, cycle
LIMIT 1000
