// The key with this id, if it is not revoked (api_key_id constraint): a signed export link's key, checked on every use.
MATCH (k:ApiKey {id: $id})
WHERE k.revokedAt IS NULL
RETURN k {.id, .name, .role} AS key
