// Restores ties of one type between restored entities (entity_id constraint on both ends).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[r:{{type}}]->(b)
SET r = row.props
SET {{> tie/_page-keys}}
