// Restores nodes of one label from a dump (into an empty database).
UNWIND $rows AS row
CREATE (n:{{label}})
SET n = row
