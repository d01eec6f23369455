// Creates one entity; slug and id uniqueness are enforced by constraints (a clash is a CONFLICT).
CREATE (n:Entity:{{label}})
SET n = $props
WITH n
CALL (n) {
  UNWIND $identifiers AS ident
  MERGE (i:Identifier {key: ident.key})
    ON CREATE SET i.scheme = ident.scheme, i.value = ident.value
  MERGE (n)-[:IDENTIFIED_BY]->(i)
}
RETURN {{> entity/_return}}
