// Every entity, at most $limit of them: a whole-graph export on purpose (the service checks the
// count first). Every entity has an id, so the entity_id index lists them all, in id order.
MATCH (n:Entity)
USING INDEX n:Entity(id)
WHERE n.id IS NOT NULL
WITH n LIMIT $limit
RETURN {{> export/_node}}
