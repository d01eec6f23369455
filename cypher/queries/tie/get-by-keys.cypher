// Ties of one type by stable key ({{type}}_id constraint).
MATCH (a:Entity)-[r:{{type}}]->(b:Entity) USING INDEX SEEK r:{{type}}(id)
WHERE r.id IN $keys
RETURN {{> tie/_return}}
