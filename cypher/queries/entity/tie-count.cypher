// How many ties an entity has, excluding its identifiers.
MATCH (n:Entity {id: $key})
RETURN COUNT { (n)-[r]-() WHERE NOT r:IDENTIFIED_BY } AS ties
