// Every entity that carries each of these external identifiers (identifier_key constraint). Unlike
// entity/identifier-owners this keeps all owners: an imported identifier may be shared (likely duplicates).
UNWIND $keys AS key
MATCH (i:Identifier {key: key})<-[:IDENTIFIED_BY]-(n:Entity)
RETURN key, n.id AS owner, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, n.slug AS slug, i.mergedFrom AS mergedFrom
