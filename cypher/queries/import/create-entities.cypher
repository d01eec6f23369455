// Creates the new entities of an import batch (the import service has checked that none exists).
// Each row's type picks its label from the fixed list below: the model's ENTITY_TYPES written out,
// never text from the input (tests/import/queries.test.ts checks the list against the model). A
// clash with the slug or id constraints fails the whole batch.
UNWIND $rows AS row
CREATE (n:Entity)
SET n = row.props
FOREACH (_ IN CASE WHEN row.type = 'Organisation' THEN [1] ELSE [] END | SET n:Organisation)
FOREACH (_ IN CASE WHEN row.type = 'Person' THEN [1] ELSE [] END | SET n:Person)
FOREACH (_ IN CASE WHEN row.type = 'Forum' THEN [1] ELSE [] END | SET n:Forum)
FOREACH (_ IN CASE WHEN row.type = 'Event' THEN [1] ELSE [] END | SET n:Event)
FOREACH (_ IN CASE WHEN row.type = 'Instrument' THEN [1] ELSE [] END | SET n:Instrument)
FOREACH (_ IN CASE WHEN row.type = 'Topic' THEN [1] ELSE [] END | SET n:Topic)
RETURN count(n) AS created
