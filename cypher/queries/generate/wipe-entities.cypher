// Generator --wipe: deletes up to $batch entities with their ties. Every entity has an id, so the
// entity_id index lists them (hinted: never a label scan); run again until it deletes nothing.
MATCH (n:Entity)
USING INDEX n:Entity(id)
WHERE n.id IS NOT NULL
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
