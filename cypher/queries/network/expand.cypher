// One hop of a neighbourhood, from the frontier entities (entity_id constraint) along ties of the
// given types, active in the period when one is given:
//  1. the new neighbours (entities not yet $known), along ties in either direction, in the order
//     found, at most $room of them; `more` says whether there were others (the caller marks the
//     answer truncated). Neo4j stops reading as soon as it has one more than there is room for.
//  2. the ties between the frontier and the entities the graph now holds (known or new), at most
//     $edgeCap of them (the caller detects truncation by asking one more). This half walks
//     outgoing ties only, from both sides: ties point from the many (people, organisations) to
//     the few (fora, topics), so a forum's thousands of incoming engagements are not read to find
//     the few that stay; each tie is found from its start, whichever side that is.
UNWIND $keys AS key
MATCH (x:Entity {id: key})
WITH collect(x) AS frontier
CALL (frontier) {
  UNWIND frontier AS x
  MATCH (x)-[r:{{types}}]-(y:Entity)
  WHERE NOT y.id IN $known AND {{> network/_active}}
  WITH DISTINCT y
  LIMIT $room + 1
  RETURN collect(y) AS found
}
WITH frontier, found[0..$room] AS fresh, size(found) > $room AS more
CALL () {
  UNWIND $known AS key
  MATCH (n:Entity {id: key})
  RETURN collect(n) AS known
}
WITH frontier, fresh, more, fresh + known AS held
CALL (frontier, held) {
  CALL (frontier, held) {
    UNWIND frontier AS x
    MATCH (x)-[r:{{types}}]->(y:Entity)
    WHERE y IN held AND {{> network/_active}}
    RETURN r
    UNION
    UNWIND held AS y
    MATCH (y)-[r:{{types}}]->(x:Entity)
    WHERE x IN frontier AND {{> network/_active}}
    RETURN r
  }
  WITH r
  LIMIT $edgeCap
  RETURN collect({rel: r {.id, .role, .since, .until}, type: type(r), source: startNode(r).id, target: endNode(r).id}) AS edges
}
RETURN [n IN fresh | n.id] AS fresh, more, edges
