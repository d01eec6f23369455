// Restores which entity carries which identifier.
UNWIND $rows AS row
MATCH (n:Entity {id: row.entity})
MATCH (i:Identifier {key: row.k})
CREATE (n)-[:IDENTIFIED_BY]->(i)
