// One step of a bounded breadth-first expansion: the entities tied (either direction, any of the
// model's tie types) to the frontier that are not already in the neighbourhood, at most $limit.
// The explorer's view narrows the ties followed: $tieTypes (null: every type) and the period
// [$activeStart, $activeEnd] (null: always), read as the API's activeOn (network/_active).
// The hint keeps the planner on the entity_id seek for each frontier key; without it, a short
// $seen list tempts it into scanning every entity instead.
UNWIND $frontier AS key
MATCH (x:Entity {id: key})
USING INDEX x:Entity(id)
MATCH (x)-[r:AFFILIATED_WITH|MEMBER_OF|ENGAGES_IN|PARTICIPATES_IN|PART_OF|ADOPTED|WORKS_ON]-(y:Entity)
WHERE NOT y.id IN $seen
  AND ($tieTypes IS NULL OR type(r) IN $tieTypes)
  AND {{> network/_active}}
RETURN DISTINCT y.id AS key
LIMIT $limit
