// Deletes an entity with its ties, clears onBehalfOf where ties named it, and drops any
// identifier nobody else carries.
MATCH (n:{{label}} {id: $key})
CALL (n) {
  MATCH ()-[e:ENGAGES_IN]->() WHERE e.onBehalfOf = $key
  SET e.onBehalfOf = null
}
CALL (n) {
  MATCH ()-[p:PARTICIPATES_IN]->() WHERE p.onBehalfOf = $key
  SET p.onBehalfOf = null
}
CALL (n) {
  MATCH ()-[f:AFFILIATED_WITH]->() WHERE f.onBehalfOf = $key
  SET f.onBehalfOf = null
}
OPTIONAL MATCH (n)-[:IDENTIFIED_BY]->(i:Identifier)
WITH n, collect(i) AS idents
DETACH DELETE n
WITH idents
UNWIND idents AS i
WITH i WHERE NOT (i)--()
DELETE i
RETURN count(*) AS removedIdentifiers
