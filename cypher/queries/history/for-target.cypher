// The changes of one entity or tie, newest first, keyset-paginated on (at, id) (change_target index).
MATCH (c:Change {targetKey: $key})
WHERE $afterAt IS NULL OR c.at < $afterAt OR (c.at = $afterAt AND c.id < $afterId)
RETURN c {.*} AS change
ORDER BY c.at DESC, c.id DESC
LIMIT $limit
