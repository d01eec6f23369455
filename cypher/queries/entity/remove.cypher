// Deletes one entity in one round trip, checks first and writes only when they pass:
// 1. its write lock ({{label}}_id constraint); when there is none, why (entity/_writable: merged
//    away into which entity, or missing);
// 2. its ties (identifiers aside, counting ties that name it as onBehalfOf): with any, only when $detach;
// then its history change with the entity as it was, and the delete itself (DETACH). Returns the
// status and how many ties went with it.
OPTIONAL MATCH (n:{{label}} {id: $key})
SET n._lock = true
REMOVE n._lock
WITH n
{{> entity/_writable}}
WITH n, bad, CASE WHEN n IS NULL THEN 0 ELSE
       COUNT { (n)-[r]-() WHERE NOT r:IDENTIFIED_BY }
     + COUNT { MATCH ()-[e:ENGAGES_IN]->() USING INDEX SEEK e:ENGAGES_IN(onBehalfOf) WHERE e.onBehalfOf = $key }
     + COUNT { MATCH ()-[p:PARTICIPATES_IN]->() USING INDEX SEEK p:PARTICIPATES_IN(onBehalfOf) WHERE p.onBehalfOf = $key }
     + COUNT { MATCH ()-[f:AFFILIATED_WITH]->() USING INDEX SEEK f:AFFILIATED_WITH(onBehalfOf) WHERE f.onBehalfOf = $key } END AS ties
WITH n, bad, ties, CASE WHEN n IS NULL THEN coalesce(bad.problem, 'missing') WHEN ties > 0 AND NOT $detach THEN 'ties' ELSE 'ok' END AS status
OPTIONAL CALL (status, n, ties) {
  WITH status, n, ties WHERE status = 'ok'
  WITH n, ties, properties(n) AS p, {{> entity/_identifiers-of}} AS idents
  CREATE (c:Change:Unsequenced)
  SET c = $change, c.beforeJson = {{> entity/_snapshot-json}},
      c.note = CASE WHEN ties > 0 THEN 'deleted with ' + toString(ties) + ' tie(s)' ELSE null END
  WITH n
  CALL (n) {
    MATCH ()-[e:ENGAGES_IN]->() USING INDEX SEEK e:ENGAGES_IN(onBehalfOf) WHERE e.onBehalfOf = $key
    SET e.onBehalfOf = null
  }
  CALL (n) {
    MATCH ()-[p:PARTICIPATES_IN]->() USING INDEX SEEK p:PARTICIPATES_IN(onBehalfOf) WHERE p.onBehalfOf = $key
    SET p.onBehalfOf = null
  }
  CALL (n) {
    MATCH ()-[f:AFFILIATED_WITH]->() USING INDEX SEEK f:AFFILIATED_WITH(onBehalfOf) WHERE f.onBehalfOf = $key
    SET f.onBehalfOf = null
  }
  OPTIONAL MATCH (n)-[:IDENTIFIED_BY]->(i:Identifier)
  WITH n, collect(i) AS idents
  DETACH DELETE n
  WITH idents
  CALL (idents) {
    UNWIND idents AS i
    WITH i WHERE NOT (i)--()
    DELETE i
  }
  RETURN true AS removed
}
RETURN status, bad, ties
