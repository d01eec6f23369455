// Pairs of entities of a type that carry the same external identifier (possible after imports).
MATCH (a:{{label}})-[:IDENTIFIED_BY]->(i:Identifier)<-[:IDENTIFIED_BY]-(b:{{label}})
WHERE a.id < b.id
RETURN a.id AS a, b.id AS b, collect(i.key) AS keys
LIMIT $cap
