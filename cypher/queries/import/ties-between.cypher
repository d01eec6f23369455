// The ties that already join the given entities: for each `from` end (entity_id constraint), its
// outgoing ties of the model's types, kept when type and far end are among those asked for. Each
// entity's ties are read once per batch, not once per row (a batch has thousands of rows per
// forum, but each actor has few ties).
UNWIND $groups AS g
MATCH (a:Entity {id: g.from})
MATCH (a)-[r:AFFILIATED_WITH|MEMBER_OF|ENGAGES_IN|PARTICIPATES_IN|PART_OF|ADOPTED|WORKS_ON]->(b:Entity)
WHERE type(r) IN g.types AND b.id IN g.tos
RETURN {{> tie/_return}}
