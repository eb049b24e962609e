// name: designated-near
// description: Designated parties within N ownership or control hops of an entity, in either direction, with the nearest distance.
// param: id string              the entity
// param: hops int = 3           how many hops (0-6)
MATCH p = (x:Entity {id: $id})-[:OWNS|CONTROLS*0..6]-(d:Entity)-[r:DESIGNATED]->(g:Regime)
WHERE length(p) <= $hops + 1
RETURN d.id AS designated, d.name AS name, g.name AS regime, r.program AS program,
       min(length(p) - 1) AS hops
ORDER BY hops, designated, regime, program
LIMIT 1000
