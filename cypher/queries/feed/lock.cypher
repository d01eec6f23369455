// The sequencer's first statement: takes the write lock of the one sequence node (created on
// first use, safely under the change_sequence_id constraint; a sequence created over restored
// changes starts after the highest number they carry). Every process's sequencer and the pruner
// wait here for each other, so stamps are handed out by one transaction at a time.
OPTIONAL MATCH (existing:ChangeSequence {id: 'changes'})
OPTIONAL CALL (existing) {
  WITH existing WHERE existing IS NULL
  OPTIONAL MATCH (c:Change) WHERE c.seq IS NOT NULL
  RETURN max(c.seq) AS highest
}
MERGE (s:ChangeSequence {id: 'changes'})
  ON CREATE SET s.next = coalesce(highest, 0), s.visible = coalesce(highest, 0), s.floor = 0
SET s._lock = true
REMOVE s._lock
RETURN s.next AS next
