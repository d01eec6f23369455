// The sequencer's second statement, under the lock taken by feed/lock: numbers up to $batch
// committed, unnumbered changes after the highest number given so far, and makes the numbers of
// the previous stamp visible to readers. A previous stamp's transaction has committed completely
// before this one got the lock, so every number up to `visible` can be read; the numbers given
// here become visible with the next stamp.
MATCH (s:ChangeSequence {id: 'changes'})
// Numbers above `next` come only from a restore into a running service: continue after them.
OPTIONAL MATCH (restored:Change) WHERE restored.seq > s.next
WITH s, coalesce(max(restored.seq), s.next) AS next
CALL (s) {
  OPTIONAL MATCH (c:Unsequenced)
  WITH c ORDER BY c.at, c.id
  LIMIT $batch
  RETURN collect(c) AS pending
}
CALL (pending, next) {
  UNWIND range(0, size(pending) - 1) AS i
  WITH pending[i] AS c, i
  SET c.seq = next + i + 1
  REMOVE c:Unsequenced
}
SET s.visible = next, s.next = next + size(pending)
RETURN size(pending) AS stamped, s.next AS next, s.visible AS visible
