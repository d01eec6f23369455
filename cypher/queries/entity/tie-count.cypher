// How many ties an entity has (identifiers aside), counting ties that name it as onBehalfOf.
MATCH (n:Entity {id: $key})
RETURN COUNT { (n)-[r]-() WHERE NOT r:IDENTIFIED_BY }
     + COUNT { ()-[e:ENGAGES_IN]->() WHERE e.onBehalfOf = $key }
     + COUNT { ()-[p:PARTICIPATES_IN]->() WHERE p.onBehalfOf = $key }
     + COUNT { ()-[f:AFFILIATED_WITH]->() WHERE f.onBehalfOf = $key } AS ties
