// Stores a new API key by its hash.
CREATE (k:ApiKey {id: $id, name: $name, role: $role, hash: $hash, prefix: $prefix, createdAt: $now})
RETURN k {.id, .name, .role, .prefix, .createdAt, .revokedAt} AS key
