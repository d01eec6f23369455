// Every tie of a person, both directions, and every tie naming them as onBehalfOf (none today,
// but kept for completeness), with the other end's type and name.
MATCH (p:Person {id: $key})-[r]-(o:Entity)
RETURN type(r) AS type, r {.*} AS rel, startNode(r) = p AS outgoing, o.id AS otherKey, o.name AS otherName,
       [l IN labels(o) WHERE l <> 'Entity'][0] AS otherType
