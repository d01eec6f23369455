// Every tie whose two ends are among the chosen entities (the induced subgraph), at most $limit.
// Each start is found by key (entity_id constraint, hinted so that the planner never scans
// instead); the far end is checked against the same list. The explorer's view keeps only ties
// of $tieTypes (null: every type) active in [$activeStart, $activeEnd] (null: always), as network/_active.
UNWIND $keys AS key
MATCH (a:Entity {id: key})
USING INDEX a:Entity(id)
MATCH (a)-[r:AFFILIATED_WITH|MEMBER_OF|ENGAGES_IN|PARTICIPATES_IN|PART_OF|ADOPTED|WORKS_ON]->(b:Entity)
WHERE b.id IN $keys
  AND ($tieTypes IS NULL OR type(r) IN $tieTypes)
  AND {{> network/_active}}
WITH a, r, b LIMIT $limit
RETURN {{> export/_tie}}
