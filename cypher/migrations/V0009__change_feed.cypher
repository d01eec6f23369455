// The change feed (docs/live.md): a sequencer stamps each committed change with a number `seq`
// in commit order, under the write lock of the one (:ChangeSequence) node. Writers create
// changes labelled :Unsequenced (found through the label index); the stamp removes the label.
// The unique constraint on seq is also the index the feed reads in order.
CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (c:Change) REQUIRE c.seq IS UNIQUE;
CREATE CONSTRAINT change_sequence_id IF NOT EXISTS FOR (s:ChangeSequence) REQUIRE s.id IS UNIQUE;
// Changes recorded before this migration join the feed too, oldest first.
MATCH (c:Change) WHERE c.seq IS NULL CALL (c) { SET c:Unsequenced } IN TRANSACTIONS OF 10000 ROWS;
