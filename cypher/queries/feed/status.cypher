// What the sequencer needs to know before it takes the lock: the sequence (null before its first
// stamp), and whether any committed change waits for a number (the :Unsequenced label index).
OPTIONAL MATCH (s:ChangeSequence {id: 'changes'})
RETURN s.next AS next, s.visible AS visible, EXISTS { MATCH (:Unsequenced) } AS pending
