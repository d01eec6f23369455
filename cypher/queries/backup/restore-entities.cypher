// Restores entities of one type from a dump.
UNWIND $rows AS row
CREATE (n:Entity:{{label}})
SET n = row
