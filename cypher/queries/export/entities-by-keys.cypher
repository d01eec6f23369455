// The chosen entities of a filtered export, by stable key (entity_id constraint).
UNWIND $keys AS key
MATCH (n:Entity {id: key})
USING INDEX n:Entity(id)
RETURN {{> export/_node}}
