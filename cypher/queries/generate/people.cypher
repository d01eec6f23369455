// Generator (npm run generate): creates one batch of Person entities with the properties the
// service stores. CREATE, not MERGE: the generator only writes into an empty graph, and the
// person_id, person_slug and entity_id constraints still refuse any duplicate.
UNWIND $rows AS row
CREATE (n:Entity:Person)
SET n = row
RETURN count(n) AS created
