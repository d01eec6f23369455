// Changes to the whole graph since a time, newest first (change_at index), keyset-paginated.
MATCH (c:Change)
WHERE c.at >= $since AND ($afterAt IS NULL OR c.at < $afterAt OR (c.at = $afterAt AND c.id < $afterId))
RETURN c {.*} AS change
ORDER BY c.at DESC, c.id DESC
LIMIT $limit
