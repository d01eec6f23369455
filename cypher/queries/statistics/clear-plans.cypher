// Drops the cached query plans: a plan made while the statistics lagged behind a bulk write is
// otherwise kept long after they caught up (see src/graph/statistics.ts).
CALL db.clearQueryCaches() YIELD value
RETURN value AS message
