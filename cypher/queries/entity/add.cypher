// Creates one entity in one round trip, checks first and writes only when they pass:
// 1. no {{label}} has the slug ({{label}}_slug constraint; a racing writer meets the constraint);
// 2. the identifiers are locked, then none is another entity's (entity/_identifiers-taken);
// then the entity, its identifiers and its history change ($change, its afterJson worked out by
// the service from the very properties written). Returns the status and, when 'ok', the entity.
OPTIONAL MATCH (existing:{{label}} {slug: $props.slug})
WITH existing.name AS clash, existing IS NULL AS go
{{> entity/_identifiers-taken}}
WITH clash, taken, CASE WHEN clash IS NOT NULL THEN 'slug' WHEN size(taken) > 0 THEN 'identifier' ELSE 'ok' END AS status
OPTIONAL CALL (status) {
  WITH status WHERE status = 'ok'
  CREATE (n:Entity:{{label}})
  SET n = $props
  WITH n
  CALL (n) {
    UNWIND $identifiers AS ident
    MERGE (i:Identifier {key: ident.key})
      ON CREATE SET i.scheme = ident.scheme, i.value = ident.value
    MERGE (n)-[:IDENTIFIED_BY]->(i)
  }
  CREATE (c:Change:Unsequenced)
  SET c = $change
  RETURN {{> entity/_return}}
}
RETURN status, clash, taken, node, type, identifiers
