// Generator --wipe: deletes up to $batch external identifiers (identifier_key constraint lists them all).
MATCH (i:Identifier)
USING INDEX i:Identifier(key)
WHERE i.key IS NOT NULL
WITH i LIMIT $batch
DETACH DELETE i
RETURN count(*) AS deleted
