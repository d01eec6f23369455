// History: one (:Change) node per change to an entity or tie, written in the transaction of the
// change itself. Looked up by the changed thing's key, and listed by time for recentChanges.
CREATE CONSTRAINT change_id IF NOT EXISTS FOR (c:Change) REQUIRE c.id IS UNIQUE;
CREATE INDEX change_target IF NOT EXISTS FOR (c:Change) ON (c.targetKey);
CREATE INDEX change_at IF NOT EXISTS FOR (c:Change) ON (c.at);
