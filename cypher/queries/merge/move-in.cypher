// Moves the {{type}} ties coming into the removed entity to the kept one.
MATCH (rm:Entity {id: $remove})<-[r:{{type}}]-(o:Entity) USING INDEX SEEK rm:Entity(id)
WHERE o.id <> $keep
// The tie's id is unique: the old relationship goes before its copy is made.
WITH r, o, properties(r) AS props
DELETE r
WITH o, props
MATCH (k:Entity {id: $keep})
CREATE (k)<-[r:{{type}}]-(o)
SET r = props
SET {{> tie/_page-keys}}
RETURN count(r) AS moved
