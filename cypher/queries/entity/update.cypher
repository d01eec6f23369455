// Applies changed properties and, when given, replaces identifiers (dropping identifiers left
// without an owner); the caller has locked and checked the version.
MATCH (n:{{label}} {id: $key})
SET n += $props, n.version = n.version + 1
WITH n
CALL (n) {
  WITH n WHERE $identifiers IS NOT NULL
  OPTIONAL MATCH (n)-[old:IDENTIFIED_BY]->(oi:Identifier)
  WITH n, collect(old) AS olds, collect(oi) AS ois
  FOREACH (o IN olds | DELETE o)
  WITH n, ois
  CALL (n) {
    UNWIND $identifiers AS ident
    MERGE (i:Identifier {key: ident.key})
      ON CREATE SET i.scheme = ident.scheme, i.value = ident.value
    MERGE (n)-[:IDENTIFIED_BY]->(i)
  }
  UNWIND ois AS oi
  WITH oi WHERE NOT (oi)--()
  DELETE oi
}
RETURN {{> entity/_return}}
