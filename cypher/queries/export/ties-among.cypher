// Every tie whose two ends are among the chosen entities (the induced subgraph), at most $limit.
// Each start is found by key (entity_id constraint, hinted so that the planner never scans
// instead); the far end is checked against the same list.
UNWIND $keys AS key
MATCH (a:Entity {id: key})
USING INDEX a:Entity(id)
MATCH (a)-[r:AFFILIATED_WITH|MEMBER_OF|ENGAGES_IN|PARTICIPATES_IN|PART_OF|ADOPTED|WORKS_ON]->(b:Entity)
WHERE b.id IN $keys
WITH a, r, b LIMIT $limit
RETURN {{> export/_tie}}
