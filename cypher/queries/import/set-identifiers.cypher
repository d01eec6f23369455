// Makes each entity carry exactly the listed identifiers (entity_id and identifier_key constraints):
// links it no longer has are removed, and identifier nodes that nobody carries any more with them.
UNWIND $rows AS row
MATCH (n:Entity {id: row.key})
CALL (n, row) {
  OPTIONAL MATCH (n)-[old:IDENTIFIED_BY]->(oi:Identifier)
  WHERE NOT oi.key IN [i IN row.identifiers | i.key]
  DELETE old
  WITH oi WHERE oi IS NOT NULL AND NOT EXISTS { (oi)--() }
  DELETE oi
}
CALL (n, row) {
  UNWIND row.identifiers AS ident
  MERGE (i:Identifier {key: ident.key})
    ON CREATE SET i.scheme = ident.scheme, i.value = ident.value
  // The identifier's write lock, as the API's owner check takes it (entity/lock-identifiers).
  SET i._lock = true
  REMOVE i._lock
  MERGE (n)-[:IDENTIFIED_BY]->(i)
}
RETURN count(*) AS rows
