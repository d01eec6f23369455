// Resamples every index whose statistics lag behind its writes, waits up to $timeoutSeconds for
// the sampling to finish, then drops the cached plans, so that the next plans see the real sizes
// (a bulk write: src/graph/statistics.ts). Neo4j samples in the background only later.
CALL db.prepareForReplanning($timeoutSeconds)
