// Takes the write lock of entities by key (entity_id constraint), in the order given (callers
// sort the keys, so two writers never wait on each other in a cycle). A tie's fact (type, ends,
// role, since) is checked only with its from end locked: every writer of ties (add, update,
// import) takes this lock before it looks for the same fact, so two writers of one fact run one
// after the other and the second sees what the first committed. Returns the keys that exist.
UNWIND $keys AS key
MATCH (n:Entity {id: key})
SET n._lock = true
REMOVE n._lock
RETURN n.id AS key
