// How many entities the database holds, from the count store (no index, no scan): the size a
// write is compared with to decide whether it was bulk (src/graph/statistics.ts).
MATCH (n:Entity)
RETURN count(n) AS entities
