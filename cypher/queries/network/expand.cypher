// One hop of a neighbourhood, from the frontier entities (entity_id constraint) along ties of the
// given types, active in the period when one is given:
//  1. the new neighbours (entities not yet $known), in the order found, at most $room of them;
//     `more` says whether there were others (the caller marks the answer truncated);
//  2. the ties from the frontier to the entities the graph now holds (known or new), at most
//     $edgeCap of them (the caller detects truncation by asking one more).
// So a hop reads new neighbours only up to the node limit, and returns only ties that stay in
// the answer, instead of every tie at the frontier.
UNWIND $keys AS key
MATCH (x:Entity {id: key})-[r:{{types}}]-(y:Entity)
WHERE NOT y.id IN $known AND {{> network/_active}}
WITH DISTINCT y
LIMIT $room + 1
WITH collect(y.id) AS found
WITH found[0..$room] AS fresh, size(found) > $room AS more
CALL (fresh) {
  UNWIND $keys AS key
  MATCH (x:Entity {id: key})-[r:{{types}}]-(y:Entity)
  WHERE (y.id IN fresh OR y.id IN $known) AND {{> network/_active}}
  WITH DISTINCT r
  LIMIT $edgeCap
  RETURN collect({rel: r {.*}, type: type(r), source: startNode(r).id, target: endNode(r).id}) AS edges
}
RETURN fresh, more, edges
