// Which entities already carry these external identifiers (identifier_key constraint).
MATCH (i:Identifier)<-[:IDENTIFIED_BY]-(n:Entity)
WHERE i.key IN $keys
RETURN i.key AS key, n.id AS owner
