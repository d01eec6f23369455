// Applies the changed properties of existing ties: both ends by stable key (entity_id constraint),
// then the tie between them by its id (Expand(Into), from whichever end has fewer ties). The
// version moves by one: the service sends only real changes.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MATCH (a)-[r:AFFILIATED_WITH|MEMBER_OF|ENGAGES_IN|PARTICIPATES_IN|PART_OF|ADOPTED|WORKS_ON]->(b)
WHERE r.id = row.key
SET r += row.props, r.version = r.version + 1
SET {{> tie/_page-keys}}
RETURN count(r) AS updated
