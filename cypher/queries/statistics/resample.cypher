// Resamples every index whose statistics lag behind its writes (a bulk write), so the next
// plans see the real sizes; Neo4j does the same in the background only later.
CALL db.resampleOutdatedIndexes()
