// Which entity carries which identifier, one page in identifier-key order.
MATCH (n:Entity)-[:IDENTIFIED_BY]->(i:Identifier)
WHERE i.key > $after
WITH n, i ORDER BY i.key LIMIT $limit
RETURN i.key AS k, n.id AS entity
