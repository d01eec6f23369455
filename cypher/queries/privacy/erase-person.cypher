// Erases a person: the node, its ties and identifiers nobody else carries; the history
// snapshots of the person, of the records merged into them ($mergedKeys, from merge/merged-into)
// and of their ties are blanked (the changes themselves stay, so the record shows that data
// was erased, not what it was).
MATCH (p:Person {id: $key})
OPTIONAL MATCH (p)-[:IDENTIFIED_BY]->(i:Identifier)
WITH p, collect(i) AS idents, [(p)-[r]-() WHERE NOT r:IDENTIFIED_BY | r.id] AS tieKeys
CALL (p, tieKeys) {
  MATCH (c:Change) WHERE c.targetKey IN tieKeys + [p.id] + $mergedKeys
  SET c.beforeJson = CASE WHEN c.beforeJson IS NULL THEN null ELSE '{"erased":true}' END,
      c.afterJson = CASE WHEN c.afterJson IS NULL THEN null ELSE '{"erased":true}' END,
      c.note = null
}
DETACH DELETE p
WITH idents, size(tieKeys) AS ties
CALL (idents) {
  UNWIND idents AS i
  WITH i WHERE NOT (i)--()
  DELETE i
}
RETURN ties
