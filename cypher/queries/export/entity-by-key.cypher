// Whether an entity exists, by stable key (entity_id constraint).
MATCH (n:Entity {id: $key})
RETURN n.id AS key, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, n.name AS name
