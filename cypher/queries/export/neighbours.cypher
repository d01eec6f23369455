// One step of a bounded breadth-first expansion: the entities tied (either direction, any of the
// model's tie types) to the frontier that are not already in the neighbourhood, at most $limit.
// The hint keeps the planner on the entity_id seek for each frontier key; without it, a short
// $seen list tempts it into scanning every entity instead.
UNWIND $frontier AS key
MATCH (x:Entity {id: key})
USING INDEX x:Entity(id)
MATCH (x)-[:AFFILIATED_WITH|MEMBER_OF|ENGAGES_IN|PARTICIPATES_IN|PART_OF|ADOPTED|WORKS_ON]-(y:Entity)
WHERE NOT y.id IN $seen
RETURN DISTINCT y.id AS key
LIMIT $limit
