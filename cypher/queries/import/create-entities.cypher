// Creates the new entities of one type for an import batch ({{label}} from the model's whitelist;
// the import service has checked that none exists). A clash with the slug or id constraints fails
// the whole batch.
UNWIND $rows AS props
CREATE (n:Entity:{{label}})
SET n = props
RETURN count(n) AS created
