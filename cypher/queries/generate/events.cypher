// Generator (npm run generate): creates one batch of Event entities with the properties the
// service stores. CREATE, not MERGE: the generator only writes into an empty graph, and the
// event_id, event_slug and entity_id constraints still refuse any duplicate.
UNWIND $rows AS row
CREATE (n:Entity:Event)
SET n = row
RETURN count(n) AS created
