// The key with this hash, if it is not revoked (api_key_hash constraint).
MATCH (k:ApiKey {hash: $hash})
WHERE k.revokedAt IS NULL
RETURN k {.id, .name, .role} AS key
