// One page of the change feed: changes numbered after $after, in number order, only up to the
// sequence's `visible` number (feed/stamp: every number up to it has committed) and within
// $window numbers of $after, so a rare filter reads a bounded stretch of the change_seq index.
// Each filter is skipped when null. $forum matches the forum's own changes and changes of ties
// with the forum at either end (a tie change's fromKey and toKey).
OPTIONAL MATCH (s:ChangeSequence {id: 'changes'})
WITH coalesce(s.visible, 0) AS visible, coalesce(s.floor, 0) AS floor
CALL (visible) {
  OPTIONAL MATCH (c:Change)
  WHERE c.seq > $after AND c.seq <= visible AND c.seq <= $after + $window
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
RETURN visible, floor, changes
