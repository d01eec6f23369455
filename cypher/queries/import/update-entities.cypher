// Applies the changed properties of existing entities, by stable key (entity_id constraint);
// null values remove a property. The version moves by one: the service sends only real changes.
UNWIND $rows AS row
MATCH (n:Entity {id: row.key})
SET n += row.props, n.version = n.version + 1
RETURN count(n) AS updated
