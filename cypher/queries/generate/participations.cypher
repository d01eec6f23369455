// Generator: one batch of participations (an organisation or person PARTICIPATES_IN an event), ends by stable key.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Event {id: row.to})
CREATE (a)-[r:PARTICIPATES_IN]->(b)
SET r = row.props
SET {{> tie/_page-keys}}
RETURN count(r) AS created
