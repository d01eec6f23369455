// Generator: one batch of affiliations (a person AFFILIATED_WITH an organisation), ends by stable key.
UNWIND $rows AS row
MATCH (a:Person {id: row.from})
MATCH (b:Organisation {id: row.to})
CREATE (a)-[r:AFFILIATED_WITH]->(b)
SET r = row.props
SET {{> tie/_page-keys}}
RETURN count(r) AS created
