// One page of the people, organisations and events a Popolo export holds, in stable-key order:
// a range seek on the entity_id constraint (keyset pagination), never a label scan.
MATCH (n:Entity)
WHERE n.id > $after AND (n:Person OR n:Organisation OR n:Event)
WITH n ORDER BY n.id
LIMIT $limit
RETURN {{> entity/_return}}
