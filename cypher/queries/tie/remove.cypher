// Removes one tie in one round trip ({{type}}_id constraint): when it exists, records the history
// change with the tie as it was (tie/_snapshot-json) and its ends, and deletes it. Returns whether it existed.
OPTIONAL MATCH (a:Entity)-[r:{{type}} {id: $key}]->(b:Entity) USING INDEX SEEK r:{{type}}(id)
OPTIONAL CALL (r, a, b) {
  WITH r, a, b WHERE r IS NOT NULL
  WITH r, a, b, properties(r) AS p
  CREATE (c:Change:Unsequenced)
  SET c = $change, c.beforeJson = {{> tie/_snapshot-json}}, c.fromKey = a.id, c.toKey = b.id
  DELETE r
  RETURN true AS removed
}
RETURN coalesce(removed, false) AS removed
