// A tie's changes name the tie's two ends (fromKey, toKey), so that erasing a person finds every
// change of the person's ties, also of ties removed before the erasure (privacy/erase-person).
CREATE INDEX change_from_key IF NOT EXISTS FOR (c:Change) ON (c.fromKey);
CREATE INDEX change_to_key IF NOT EXISTS FOR (c:Change) ON (c.toKey);
// Changes recorded before this migration: the ends from their snapshots (the after snapshot, or
// the before one of a removal; both carry "fromKey" and "toKey" as JSON without spaces, and a
// quote inside a value is escaped, so the first unescaped match is the snapshot's own). Blanked
// snapshots ({"erased":true}) name no ends and are left as they are.
MATCH (c:Change)
WHERE c.fromKey IS NULL AND c.toKey IS NULL
  AND (c.afterJson CONTAINS '"fromKey":"' OR c.beforeJson CONTAINS '"fromKey":"')
CALL (c) {
  WITH c, [j IN [c.afterJson, c.beforeJson] WHERE j CONTAINS '"fromKey":"' AND j CONTAINS '"toKey":"'][0] AS j
  WITH c, j WHERE j IS NOT NULL
  SET c.fromKey = split(split(j, '"fromKey":"')[1], '"')[0],
      c.toKey = split(split(j, '"toKey":"')[1], '"')[0]
} IN TRANSACTIONS OF 10000 ROWS;
// Erasures made before this migration left the changes of ties the person no longer had at the
// time: they are blanked now, as erase-person blanks them, for the erased person and every record
// merged into them (their redirects), and the erased end is cleared.
MATCH (e:Change {action: 'ERASE'})
CALL (e) {
  WITH e, [e.targetKey] + COLLECT { MATCH (r:Redirect {toKey: e.targetKey}) RETURN r.fromKey } AS keys
  CALL (keys) {
    MATCH (c:Change) WHERE c.fromKey IN keys
    RETURN c
    UNION
    MATCH (c:Change) WHERE c.toKey IN keys
    RETURN c
  }
  SET c.beforeJson = CASE WHEN c.beforeJson IS NULL THEN null ELSE '{"erased":true}' END,
      c.afterJson = CASE WHEN c.afterJson IS NULL THEN null ELSE '{"erased":true}' END,
      c.note = null,
      c.fromKey = CASE WHEN c.fromKey IN keys THEN null ELSE c.fromKey END,
      c.toKey = CASE WHEN c.toKey IN keys THEN null ELSE c.toKey END
} IN TRANSACTIONS OF 100 ROWS;
