// Updates one tie in one round trip, checks first and writes only when every check passes:
// 1. the tie's write lock ({{type}}_id constraint) (taken first: a query that starts with a
//    subquery before its lock had 20 parallel updates of one tie time out in the concurrency test;
//    a seek by hint: planned while the index statistics lag behind a bulk write, Neo4j chose
//    to scan every tie of the type instead; see docs/planner.md, "Plans that survive stale statistics");
// 2. onBehalfOf ($ends, empty or one organisation) exists under exactly that key, or was merged
//    away (its error comes first), then the tie's version against $expectedVersion;
// 3. $inputError: the service found the input invalid (it says why once the tie is known to exist);
// 4. the dates as they will be: until never before since (partial dates compare by period:
//    until ends before since starts when it sorts before since and is not a prefix of it);
// 5. when role or since change: the from end's write lock, then no other tie of this type
//    between the two with the resulting role and start (`o <> r`, not by id: a property
//    predicate on o let a stale-statistics plan scan the id index instead of expanding from a);
// then the new properties, one more version, and the history change with the tie before and
// after (tie/_snapshot-json) and its ends. Returns the status, what its message needs, and the tie.
OPTIONAL MATCH (a:Entity)-[r:{{type}} {id: $key}]->(b:Entity) USING INDEX SEEK r:{{type}}(id)
SET r._lock = true
REMOVE r._lock
WITH r, a, b
{{> entity/_writable}}
WITH bad, r, a, b,
     CASE WHEN $setRole THEN $props.role ELSE r.role END AS role,
     CASE WHEN $setSince THEN $props.since ELSE r.since END AS since,
     CASE WHEN $setUntil THEN $props.until ELSE r.until END AS until
WITH bad, r, a, b, role, since, until, CASE
    WHEN bad IS NOT NULL THEN bad.problem
    WHEN r IS NULL THEN 'not-found'
    WHEN $expectedVersion IS NOT NULL AND r.version <> $expectedVersion THEN 'version'
    WHEN $inputError THEN 'input'
    WHEN since IS NOT NULL AND until IS NOT NULL AND until < since AND NOT since STARTS WITH until THEN 'dates'
    ELSE 'ok' END AS status
OPTIONAL CALL (status, r, a, b, role, since) {
  WITH status, r, a, b, role, since WHERE status = 'ok' AND ($setRole OR $setSince)
  SET a._lock = true
  REMOVE a._lock
  WITH r, a, b, role, since
  RETURN EXISTS {
    MATCH (a)-[o:{{type}}]->(b)
    WHERE o <> r AND coalesce(o.role, '') = coalesce(role, '') AND coalesce(o.since, '') = coalesce(since, '')
  } AS duplicate
}
WITH bad, r, a, b, role, since, until, CASE WHEN status = 'ok' AND duplicate THEN 'duplicate' ELSE status END AS status
WITH bad, r, a, b, role, since, until, status, r.version AS currentVersion
OPTIONAL CALL (status, r, a, b) {
  WITH status, r, a, b WHERE status = 'ok'
  WITH r, a, b, properties(r) AS p
  WITH r, a, b, {{> tie/_snapshot-json}} AS beforeJson
  SET r += $props, r.version = r.version + 1
  SET {{> tie/_page-keys}}
  WITH r, a, b, beforeJson, properties(r) AS p
  CREATE (c:Change:Unsequenced)
  SET c = $change, c.beforeJson = beforeJson, c.afterJson = {{> tie/_snapshot-json}},
      c.fromKey = a.id, c.toKey = b.id
  RETURN {{> tie/_return}}
}
RETURN status, bad, currentVersion, role, since, until, rel, type, fromKey, fromType, toKey, toType
