// The changes of every tie that had an entity at one end, removed ties too, newest first
// (change_from_key and change_to_key indexes): a person's data request lists them.
CALL () {
  MATCH (c:Change) USING INDEX SEEK c:Change(fromKey) WHERE c.fromKey = $key
  RETURN c
  UNION
  MATCH (c:Change) USING INDEX SEEK c:Change(toKey) WHERE c.toKey = $key
  RETURN c
}
RETURN c {.*} AS change
ORDER BY c.at DESC, c.id DESC
LIMIT $limit
