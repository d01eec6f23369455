// Entities of one type carrying an external identifier (identifier_key constraint, then the
// identifier's few owners). Merges move identifiers to the kept entity, so a merged-away
// record's identifier finds the one that absorbed it. Two rows at most: more than one owner
// is an unmerged duplicate, reported to the caller.
MATCH (i:Identifier {key: $key})<-[:IDENTIFIED_BY]-(n:{{label}})
WITH n ORDER BY n.id LIMIT 2
RETURN {{> entity/_return}}
