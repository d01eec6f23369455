// The floor for updateEngagement: the tie by its id index, its note and time set and its
// version raised (Neo4j takes the tie's write lock with the SET), and a history record of the
// change, in one query. It leaves out the "before" snapshot the service records.
MATCH ()-[r:ENGAGES_IN {id: $key}]->()
SET r.note = $note, r.updatedAt = $now, r.version = r.version + 1
CREATE (:Change {id: $changeId, at: $now, action: 'TIE_UPDATED', targetKind: 'ENGAGES_IN', targetKey: r.id, actor: $actor, requestId: $requestId, afterJson: $afterJson})
RETURN r.id AS id, r.version AS version
