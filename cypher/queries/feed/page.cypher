// One page of the change feed: changes numbered after $after, in number order, only up to the
// sequence's `visible` number (feed/stamp: every number up to it has committed) and within
// $window numbers of $after, so a rare filter reads a bounded stretch of the change_seq index.
// Each filter is skipped when null. $forum matches the forum's own changes and changes of ties
// with the forum at either end (a tie change's fromKey and toKey).
// With $since, the page starts no earlier than the newest change recorded before $sinceBefore
// ($since less longer than any transaction lasts: that change committed before any change at or
// after $since began, so it is numbered below all of them), found through the change_at index:
// a recent `since` does not walk the older log $window numbers at a time. `start` is returned.
OPTIONAL MATCH (s:ChangeSequence {id: 'changes'})
WITH coalesce(s.visible, 0) AS visible, coalesce(s.floor, 0) AS floor
CALL (visible) {
  OPTIONAL MATCH (w:Change)
  WHERE $sinceBefore IS NOT NULL AND w.at < $sinceBefore AND w.seq IS NOT NULL
  WITH w ORDER BY w.at DESC, w.seq DESC
  LIMIT 1
  RETURN CASE WHEN w IS NULL OR w.seq <= $after OR visible <= $after THEN $after
    WHEN w.seq > visible THEN visible ELSE w.seq END AS start
}
CALL (visible, start) {
  OPTIONAL MATCH (c:Change)
  WHERE c.seq > start AND c.seq <= visible AND c.seq <= start + $window
    AND ($actions IS NULL OR c.action IN $actions)
    AND ($kinds IS NULL OR c.targetKind IN $kinds)
    AND ($target IS NULL OR c.targetKey = $target)
    AND ($actor IS NULL OR c.actor = $actor)
    AND ($since IS NULL OR c.at >= $since)
    AND ($forum IS NULL OR c.targetKey = $forum OR c.fromKey = $forum OR c.toKey = $forum)
  WITH c ORDER BY c.seq
  LIMIT $limit
  RETURN collect(c {.*}) AS changes
}
RETURN visible, floor, start, changes
