// The {{k}} shortest paths between two entities over the given tie types, at most {{maxHops}}
// ties long, in either direction. Both ends are found by the entity_id constraint; the bounds
// are literals (Cypher wants them so) filled from validated integers.
MATCH p = SHORTEST {{k}} (a:Entity {id: $from})-[:{{types}}]-{1,{{maxHops}}}(b:Entity {id: $to})
RETURN [n IN nodes(p) | n.id] AS nodes,
       [r IN relationships(p) | {rel: r {.*}, type: type(r), source: startNode(r).id, target: endNode(r).id}] AS edges,
       length(p) AS length
ORDER BY length
