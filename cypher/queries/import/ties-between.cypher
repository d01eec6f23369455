// The ties that already join each pair of entities with the given type: both ends by stable key
// (entity_id constraint), then the relationships between them, expanded from whichever end has
// fewer (Expand(Into)): a forum with thousands of engagements is never walked. The list is the
// model's tie types.
UNWIND $pairs AS pair
MATCH (a:Entity {id: pair.from})
MATCH (b:Entity {id: pair.to})
MATCH (a)-[r:AFFILIATED_WITH|MEMBER_OF|ENGAGES_IN|PARTICIPATES_IN|PART_OF|ADOPTED|WORKS_ON]->(b)
WHERE type(r) = pair.type
RETURN {{> tie/_return}}
