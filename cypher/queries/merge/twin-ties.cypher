// Ties of the removed entity that record a fact the kept one already records: same type, same
// other end, same direction, same role and since (the rule that makes two ties the same fact).
// A merge folds each into the kept entity's tie instead of moving it, so no duplicate is made.
MATCH (k:Entity {id: $keep}) USING INDEX SEEK k:Entity(id)
MATCH (rm:Entity {id: $remove})-[r]-(o:Entity) USING INDEX SEEK rm:Entity(id)
WHERE o <> k
MATCH (k)-[t]-(o)
WHERE type(t) = type(r) AND (startNode(t) = k) = (startNode(r) = rm)
  AND coalesce(t.role, '') = coalesce(r.role, '') AND coalesce(t.since, '') = coalesce(r.since, '')
RETURN type(r) AS type, r.id AS removedKey, t.id AS keptKey
ORDER BY type, keptKey, removedKey
