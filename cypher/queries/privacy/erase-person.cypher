// Erases a person: the node, its ties and identifiers nobody else carries; their history
// snapshots are blanked (the changes themselves stay, so the record shows that data was erased).
MATCH (p:Person {id: $key})
OPTIONAL MATCH (p)-[:IDENTIFIED_BY]->(i:Identifier)
WITH p, collect(i) AS idents, COUNT { (p)-[r]-() WHERE NOT r:IDENTIFIED_BY } AS ties
CALL (p) {
  MATCH (c:Change {targetKey: p.id})
  SET c.beforeJson = CASE WHEN c.beforeJson IS NULL THEN null ELSE '{"erased":true}' END,
      c.afterJson = CASE WHEN c.afterJson IS NULL THEN null ELSE '{"erased":true}' END,
      c.note = null
}
DETACH DELETE p
WITH idents, ties
CALL (idents) {
  UNWIND idents AS i
  WITH i WHERE NOT (i)--()
  DELETE i
}
RETURN ties
