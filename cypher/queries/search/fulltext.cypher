// Full-text search over names, acronyms and aliases (entity_search index), best first,
// optionally narrowed to some entity types. $query is built by src/domain/text.ts from escaped words.
CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $fetch})
YIELD node AS n, score
WITH n, score
WHERE $types IS NULL OR any(l IN labels(n) WHERE l IN $types)
RETURN {{> entity/_return}}, score
ORDER BY score DESC, n.sortName
LIMIT $limit
