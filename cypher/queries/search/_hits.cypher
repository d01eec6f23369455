// The hits of a full-text search over names, acronyms and aliases (entity_search index), best
// first, optionally narrowed to some entity types, as n and score: shared by search/fulltext and
// the read planner's search (src/planner). $query is built by src/domain/text.ts from escaped
// words; $fetch is more than $limit when narrowing by type (the index ranks all types together).
CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $fetch})
YIELD node AS n, score
WITH n, score
WHERE $types IS NULL OR any(l IN labels(n) WHERE l IN $types)
WITH n, score
ORDER BY score DESC, n.sortName
LIMIT $limit
