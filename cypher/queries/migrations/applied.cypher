// The migrations recorded as applied, oldest first.
MATCH (m:Migration)
RETURN m.version AS version, m.name AS name, m.checksum AS checksum, m.appliedAt AS appliedAt
ORDER BY m.version
