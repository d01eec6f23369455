// A tie that already records the same fact: same type, ends, role and start.
MATCH (a:Entity {id: $from})-[r:{{type}}]->(b:Entity {id: $to})
WHERE coalesce(r.role, '') = coalesce($role, '') AND coalesce(r.since, '') = coalesce($since, '')
RETURN r.id AS key
LIMIT 1
