// Deletes those of these identifiers (identifier_key constraint) that no entity carries: the ones
// a write-locking plan created for a batch that was then not written.
UNWIND $keys AS key
MATCH (i:Identifier {key: key})
WHERE NOT EXISTS { (i)<-[:IDENTIFIED_BY]-() }
DELETE i
