// What a forum export holds besides the forum (forum_id constraint, then traversals from it):
// the actors that engage in it; its events, and the sessions of those events; and the
// participants of all those events. Each list is capped at $limit.
MATCH (f:Forum {id: $key})
WITH f, COLLECT {
  CALL (f) {
    MATCH (e:Event)-[:PART_OF]->(f)
    RETURN e
    UNION
    MATCH (e:Event)-[:PART_OF]->(:Event)-[:PART_OF]->(f)
    RETURN e
  }
  RETURN e.id LIMIT $limit
} AS events
RETURN
  COLLECT { MATCH (a:Entity)-[:ENGAGES_IN]->(f) RETURN DISTINCT a.id LIMIT $limit } AS actors,
  events,
  COLLECT {
    UNWIND events AS eventKey
    MATCH (p:Entity)-[:PARTICIPATES_IN]->(:Event {id: eventKey})
    RETURN DISTINCT p.id LIMIT $limit
  } AS participants
