// Adds one tie in one round trip, checks first and writes only when every check passes:
// 1. the from end's write lock (entity_id constraint), so a parallel writer of the same fact
//    waits here and then sees it (see entity/lock);
// 2. the ends ($ends: from, to and onBehalfOf when given) exist under exactly those keys and
//    types, or were merged away (a write never follows a redirect);
// 3. no tie of this type between the two already has this role and start;
// then the tie and its history change ($change, with its afterJson worked out by the service
// from the very properties written, and the tie's ends). Returns the status and, when 'ok', the new tie.
OPTIONAL MATCH (lockFrom:Entity {id: $from})
SET lockFrom._lock = true
REMOVE lockFrom._lock
WITH count(*) AS locked
{{> entity/_writable}}
CALL (bad) {
  OPTIONAL MATCH (a:Entity {id: $from})-[r:{{type}}]->(b:Entity {id: $to}) USING INDEX SEEK a:Entity(id) USING INDEX SEEK b:Entity(id)
  WHERE bad IS NULL AND coalesce(r.role, '') = coalesce($props.role, '') AND coalesce(r.since, '') = coalesce($props.since, '')
  RETURN count(r) > 0 AS duplicate
}
WITH bad, CASE WHEN bad IS NOT NULL THEN bad.problem WHEN duplicate THEN 'duplicate' ELSE 'ok' END AS status
OPTIONAL CALL (status) {
  WITH status WHERE status = 'ok'
  MATCH (a:Entity {id: $from}), (b:Entity {id: $to}) USING INDEX SEEK a:Entity(id) USING INDEX SEEK b:Entity(id)
  CREATE (a)-[r:{{type}}]->(b)
  SET r = $props
  SET {{> tie/_page-keys}}
  CREATE (c:Change:Unsequenced)
  SET c = $change, c.fromKey = a.id, c.toKey = b.id
  RETURN {{> tie/_return}}
}
RETURN status, bad, rel, type, fromKey, fromType, toKey, toType
