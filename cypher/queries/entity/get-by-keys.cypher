// Entities of any type by stable key: the DataLoader batch behind every entity field (entity_id constraint).
MATCH (n:Entity) USING INDEX SEEK n:Entity(id)
WHERE n.id IN $keys
RETURN {{> entity/_return}}
