// Entities that absorbed merged ones, by the merged ones' keys (redirect_from constraint).
MATCH (r:Redirect) WHERE r.fromKey IN $keys
MATCH (n:Entity {id: r.toKey})
RETURN r.fromKey AS fromKey, {{> entity/_return}}
