// For each given entity, its nearest names of the same type in the full-text index: the
// candidates the duplicates service then scores. One index query per row, in one call.
UNWIND $rows AS row
CALL db.index.fulltext.queryNodes('entity_search', row.query, {limit: 8}) YIELD node AS m, score
WITH row, m, score
WHERE m:{{label}} AND m.id <> row.id
RETURN row.id AS a, m.id AS b, score
