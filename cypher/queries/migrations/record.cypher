// Records one applied migration; MERGE keeps a concurrent second start from recording it twice.
MERGE (m:Migration {version: $version})
ON CREATE SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime()
