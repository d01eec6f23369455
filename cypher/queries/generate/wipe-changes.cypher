// Generator --wipe: deletes up to $batch history records (change_id constraint lists them all).
MATCH (c:Change)
USING INDEX c:Change(id)
WHERE c.id IS NOT NULL
WITH c LIMIT $batch
DETACH DELETE c
RETURN count(*) AS deleted
