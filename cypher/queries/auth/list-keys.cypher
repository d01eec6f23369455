// Every API key, newest first, without hashes. A handful of nodes.
MATCH (k:ApiKey)
RETURN k {.id, .name, .role, .prefix, .createdAt, .revokedAt} AS key
ORDER BY k.createdAt DESC
