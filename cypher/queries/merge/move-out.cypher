// Moves the {{type}} ties going out of the removed entity to the kept one, properties and all.
// A tie between the two would become a loop: it is left on the removed entity and goes with it.
MATCH (k:Entity {id: $keep}) USING INDEX SEEK k:Entity(id)
MATCH (rm:Entity {id: $remove})-[r:{{type}}]->(o:Entity) USING INDEX SEEK rm:Entity(id)
WHERE o <> k
// The tie's id is unique: the old relationship goes before its copy is made.
WITH k, r, o, properties(r) AS props
DELETE r
WITH k, o, props
CREATE (k)-[r:{{type}}]->(o)
SET r = props
SET {{> tie/_page-keys}}
RETURN count(r) AS moved
