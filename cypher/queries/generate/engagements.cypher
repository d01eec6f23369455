// Generator: one batch of engagements (an organisation or person ENGAGES_IN a forum), both ends
// found by stable key (entity_id and forum_id constraints); the tie id is unique (engages_in_id).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Forum {id: row.to})
CREATE (a)-[r:ENGAGES_IN]->(b)
SET r = row.props
SET {{> tie/_page-keys}}
RETURN count(r) AS created
