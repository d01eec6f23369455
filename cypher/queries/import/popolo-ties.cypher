// The ties a Popolo export turns into memberships (affiliations, organisation memberships) and
// event organisers (hosts), going out of the given entities (entity_id constraint).
UNWIND $keys AS key
MATCH (a:Entity {id: key})-[r:AFFILIATED_WITH|MEMBER_OF|PARTICIPATES_IN]->(b:Entity)
WHERE type(r) <> 'PARTICIPATES_IN' OR (r.role = 'HOST' AND a:Organisation)
RETURN {{> tie/_return}}
