// The floor for addEngagement: both ends by the entity_id constraint (with their labels), no
// engagement with the same role and start between them, the tie created, and a history record
// written, in one query. Nothing is written when a check fails (no row).
MATCH (o:Organisation {id: $from}), (f:Forum {id: $to})
WHERE NOT EXISTS { (o)-[x:ENGAGES_IN]->(f) WHERE coalesce(x.role, '') = $role AND coalesce(x.since, '') = $since }
CREATE (o)-[r:ENGAGES_IN]->(f)
SET r = $props
CREATE (:Change {id: $changeId, at: $now, action: 'TIE_ADDED', targetKind: 'ENGAGES_IN', targetKey: r.id, actor: $actor, requestId: $requestId, afterJson: $afterJson})
RETURN r.id AS id, r.version AS version
