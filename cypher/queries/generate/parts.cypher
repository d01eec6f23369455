// Generator: one batch of events PART_OF a forum, ends by stable key.
UNWIND $rows AS row
MATCH (a:Event {id: row.from})
MATCH (b:Forum {id: row.to})
CREATE (a)-[r:PART_OF]->(b)
SET r = row.props
SET {{> tie/_page-keys}}
RETURN count(r) AS created
