// Takes the entity's write lock first, then reads its version, so that two updates with the
// same expectedVersion cannot both pass the check (read-committed isolation would let them).
MATCH (n:{{label}} {id: $key})
SET n._lock = true
REMOVE n._lock
RETURN n.version AS version
