// connections in one query: both ends ($refs[0], $refs[1]) resolved as in network/_resolve, then
// the {{k}} shortest paths between them over the given tie types, each tie active in
// [$activeStart, $activeEnd] (null: any date, network/_active), at most {{maxHops}} ties long,
// in either direction (bounds are literals, Cypher wants them so, filled from validated
// integers), shortest first, and the records of every entity on them. Ends that are one entity
// walk nothing (the service answers the path of length 0).
{{> network/_resolve}}
WITH resolved, resolved[0].node AS a, resolved[1].node AS b
CALL (a, b) {
  WITH a, b
  WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
  MATCH p = SHORTEST {{k}} (a)(()-[r:{{types}}]-() WHERE {{> network/_active}}){1,{{maxHops}}}(b)
  WITH p
  ORDER BY length(p)
  RETURN collect({
    nodes: [n IN nodes(p) | n.id],
    edges: [r IN relationships(p) | {rel: r {.id, .role, .since, .until}, type: type(r), source: startNode(r).id, target: endNode(r).id}],
    length: length(p)
  }) AS paths
}
CALL (paths) {
  UNWIND paths AS p
  UNWIND p.nodes AS key
  WITH DISTINCT key
  MATCH (n:Entity {id: key})
  RETURN collect({{> network/_record}}) AS records
}
RETURN [x IN resolved | x {.types, .record}] AS resolved, paths, records
