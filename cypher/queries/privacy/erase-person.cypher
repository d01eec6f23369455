// Erases a person: the node, its ties and identifiers nobody else carries; the history
// snapshots of the person, of the records merged into them ($mergedKeys, from merge/merged-into)
// and of every tie that had any of them at one end are blanked (the changes themselves stay, so
// the record shows that data was erased, not what it was). Tie changes are found by their ends
// (change_from_key, change_to_key indexes), so ties removed before, by a merge or with a detached
// delete are reached too; the erased end is cleared from them, the other end stays (the feed's
// forum filter still finds a forum's changes). Redirects to the person forget the merged-away
// record's slug (made from its name).
MATCH (p:Person {id: $key})
OPTIONAL MATCH (p)-[:IDENTIFIED_BY]->(i:Identifier)
WITH p, collect(i) AS idents, [(p)-[r]-() WHERE NOT r:IDENTIFIED_BY | r.id] AS tieKeys, [$key] + $mergedKeys AS keys
CALL (p, tieKeys, keys) {
  CALL (tieKeys, keys) {
    MATCH (c:Change) WHERE c.targetKey IN tieKeys + keys
    RETURN c
    UNION
    MATCH (c:Change) WHERE c.fromKey IN keys
    RETURN c
    UNION
    MATCH (c:Change) WHERE c.toKey IN keys
    RETURN c
  }
  SET c.beforeJson = CASE WHEN c.beforeJson IS NULL THEN null ELSE '{"erased":true}' END,
      c.afterJson = CASE WHEN c.afterJson IS NULL THEN null ELSE '{"erased":true}' END,
      c.note = null,
      c.fromKey = CASE WHEN c.fromKey IN keys THEN null ELSE c.fromKey END,
      c.toKey = CASE WHEN c.toKey IN keys THEN null ELSE c.toKey END
}
CALL (p) {
  MATCH (r:Redirect {toKey: $key})
  SET r.fromSlug = null
}
DETACH DELETE p
WITH idents, size(tieKeys) AS ties
CALL (idents) {
  UNWIND idents AS i
  WITH i WHERE NOT (i)--()
  DELETE i
}
RETURN ties
