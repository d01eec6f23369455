// Deletes an entity with its ties and any identifier nobody else carries.
MATCH (n:{{label}} {id: $key})
OPTIONAL MATCH (n)-[:IDENTIFIED_BY]->(i:Identifier)
WITH n, collect(i) AS idents
DETACH DELETE n
WITH idents
UNWIND idents AS i
WITH i WHERE NOT (i)--()
DELETE i
RETURN count(*) AS removedIdentifiers
