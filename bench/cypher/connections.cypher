// The floor for connections: both ends by the entity_id constraint, the 3 shortest paths of at
// most 4 ties of any type, in either direction, shortest first, with each entity's type and name.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = SHORTEST 3 (a)-[:{{types}}]-{1,4}(b)
WITH p
ORDER BY length(p)
RETURN length(p) AS length, [n IN nodes(p) | {type: [l IN labels(n) WHERE l <> 'Entity'][0], name: n.name}] AS nodes
