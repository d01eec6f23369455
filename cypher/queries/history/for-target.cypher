// The changes of one entity or tie, newest first, keyset-paginated on (at, id) (change_target index).
// With $kind, only changes of a target of that kind: an id whose type prefix is wrong has no history.
MATCH (c:Change {targetKey: $key}) USING INDEX SEEK c:Change(targetKey)
WHERE ($kind IS NULL OR c.targetKind = $kind)
  AND ($afterAt IS NULL OR c.at < $afterAt OR (c.at = $afterAt AND c.id < $afterId))
RETURN c {.*} AS change
ORDER BY c.at DESC, c.id DESC
LIMIT $limit
