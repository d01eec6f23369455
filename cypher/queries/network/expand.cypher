// One hop of a neighbourhood: the ties of the given types at the frontier entities, active in
// the period when one is given, at most $cap of them (the caller detects truncation by asking one more).
UNWIND $keys AS key
MATCH (x:Entity {id: key})-[r:{{types}}]-(y:Entity)
WHERE {{> network/_active}}
WITH DISTINCT r, y
RETURN {rel: r {.*}, type: type(r), source: startNode(r).id, target: endNode(r).id} AS edge, y.id AS other
LIMIT $cap
