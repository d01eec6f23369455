// Takes the tie's write lock, then reads its version (see entity/lock-version).
MATCH ()-[r:{{type}} {id: $key}]->()
SET r._lock = true
REMOVE r._lock
RETURN r.version AS version
