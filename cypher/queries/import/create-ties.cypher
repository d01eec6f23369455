// Creates the new ties of an import batch between entities found by stable key (entity_id
// constraint). Each row's type picks its relationship type from the fixed list below: the model's
// TIE_TYPES written out, never text from the input (tests/import/queries.test.ts checks the list).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
FOREACH (_ IN CASE WHEN row.type = 'AFFILIATED_WITH' THEN [1] ELSE [] END | CREATE (a)-[r:AFFILIATED_WITH]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN row.type = 'MEMBER_OF' THEN [1] ELSE [] END | CREATE (a)-[r:MEMBER_OF]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN row.type = 'ENGAGES_IN' THEN [1] ELSE [] END | CREATE (a)-[r:ENGAGES_IN]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN row.type = 'PARTICIPATES_IN' THEN [1] ELSE [] END | CREATE (a)-[r:PARTICIPATES_IN]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN row.type = 'PART_OF' THEN [1] ELSE [] END | CREATE (a)-[r:PART_OF]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN row.type = 'ADOPTED' THEN [1] ELSE [] END | CREATE (a)-[r:ADOPTED]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN row.type = 'WORKS_ON' THEN [1] ELSE [] END | CREATE (a)-[r:WORKS_ON]->(b) SET r = row.props)
RETURN count(*) AS created
