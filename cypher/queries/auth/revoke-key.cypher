// Revokes a key by id or by its printed prefix (api_key_id constraint, or a scan of the few keys).
MATCH (k:ApiKey)
WHERE (k.id = $ref OR k.prefix = $ref) AND k.revokedAt IS NULL
SET k.revokedAt = $now
RETURN k {.id, .name, .role, .prefix, .createdAt, .revokedAt} AS key
