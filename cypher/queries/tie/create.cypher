// Creates one tie between two existing entities (the service has checked their types).
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
CREATE (a)-[r:{{type}}]->(b)
SET r = $props
RETURN {{> tie/_return}}
