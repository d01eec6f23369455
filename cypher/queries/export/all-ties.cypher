// Every tie between two entities, at most $limit of them: a whole-graph export on purpose. Starts
// from the entity_id index (every entity has an id) and follows the model's seven tie types
// (src/domain/model.ts TIE_TYPES); IDENTIFIED_BY and anything else the database may hold stay out.
MATCH (a:Entity)
USING INDEX a:Entity(id)
WHERE a.id IS NOT NULL
MATCH (a)-[r:AFFILIATED_WITH|MEMBER_OF|ENGAGES_IN|PARTICIPATES_IN|PART_OF|ADOPTED|WORKS_ON]->(b:Entity)
WITH a, r, b LIMIT $limit
RETURN {{> export/_tie}}
