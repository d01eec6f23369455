// Generator: one batch of memberships (an organisation MEMBER_OF a network organisation), ends by stable key.
UNWIND $rows AS row
MATCH (a:Organisation {id: row.from})
MATCH (b:Organisation {id: row.to})
CREATE (a)-[r:MEMBER_OF]->(b)
SET r = row.props
SET {{> tie/_page-keys}}
RETURN count(r) AS created
