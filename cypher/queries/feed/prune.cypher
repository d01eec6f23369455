// Retention: deletes up to $batch of the oldest numbered changes recorded before $before, in
// number order, and raises the sequence's `floor` to the highest number deleted, so that a cursor
// below it is refused (its reader would miss what was deleted). Stops at the first change that
// is still young, so the floor never passes a change that is kept. Takes the sequence's lock.
MATCH (s:ChangeSequence {id: 'changes'})
SET s._lock = true
REMOVE s._lock
WITH s
CALL (s) {
  OPTIONAL MATCH (c:Change)
  WHERE c.seq > coalesce(s.floor, 0) AND c.seq <= s.visible
  WITH c ORDER BY c.seq
  LIMIT $batch
  RETURN collect(c) AS oldest
}
WITH s, oldest, [i IN range(0, size(oldest) - 1) WHERE oldest[i].at >= $before] AS young
WITH s, CASE WHEN size(young) = 0 THEN oldest ELSE oldest[0..young[0]] END AS old
WITH s, old, CASE WHEN size(old) = 0 THEN s.floor ELSE old[size(old) - 1].seq END AS floor
SET s.floor = floor
WITH old, floor
CALL (old) {
  UNWIND old AS c
  DETACH DELETE c
}
RETURN size(old) AS pruned, floor
