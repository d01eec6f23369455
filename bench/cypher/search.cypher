// The floor for search: the full-text index, best first, names and slugs only.
CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $limit})
YIELD node AS n, score
RETURN score, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, n.name AS name, n.slug AS slug
ORDER BY score DESC, n.sortName
LIMIT $limit
