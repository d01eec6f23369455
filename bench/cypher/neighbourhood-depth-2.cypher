// The floor for neighbourhood-depth-2: the graph two ties around an entity, breadth-first, at
// most $limit entities (new neighbours in the order found, reading stops at the limit), and the
// ties among them found from their start nodes, at most $edgeCap a hop; ids, types and names.
MATCH (c:Entity {id: $id})
CALL (c) {
  MATCH (c)-[:{{types}}]-(y:Entity)
  WHERE y <> c
  WITH DISTINCT y
  LIMIT $limit
  RETURN collect(y) AS found1
}
WITH c, found1[0..($limit - 1)] AS hop1, size(found1) > $limit - 1 AS more1
WITH c, hop1, more1, [c] + hop1 AS held1
CALL (c, held1) {
  CALL (c, held1) {
    MATCH (c)-[r:{{types}}]->(y:Entity) WHERE y IN held1 RETURN r
    UNION
    UNWIND held1 AS y
    MATCH (y)-[r:{{types}}]->(c) RETURN r
  }
  WITH r LIMIT $edgeCap
  RETURN collect(r) AS edges1
}
OPTIONAL CALL (hop1, held1, more1) {
  WITH hop1, held1 WHERE NOT more1 AND size(hop1) > 0
  CALL (hop1, held1) {
    UNWIND hop1 AS x
    MATCH (x)-[:{{types}}]-(y:Entity)
    WHERE NOT y IN held1
    WITH DISTINCT y
    LIMIT $limit
    RETURN collect(y) AS found2
  }
  WITH hop1, held1, found2[0..($limit - size(held1))] AS hop2, size(found2) > $limit - size(held1) AS more2
  WITH hop1, hop2, more2, hop2 + held1 AS held2
  CALL (hop1, held2) {
    UNWIND hop1 AS x
    MATCH (x)-[r:{{types}}]->(y:Entity) WHERE y IN held2 RETURN r
    UNION
    UNWIND held2 AS y
    MATCH (y)-[r:{{types}}]->(x:Entity) WHERE x IN hop1 RETURN r
  }
  WITH hop2, more2, r LIMIT $edgeCap
  RETURN hop2, more2, collect(r) AS edges2
}
WITH [c] + hop1 + coalesce(hop2, []) AS nodes, more1 OR coalesce(more2, false) OR size(edges1) >= $edgeCap OR size(coalesce(edges2, [])) >= $edgeCap AS truncated, edges1 + coalesce(edges2, []) AS edges
RETURN truncated,
       [n IN nodes | {id: n.id, type: [l IN labels(n) WHERE l <> 'Entity'][0], name: n.name}] AS nodes,
       [r IN edges | {id: r.id, type: type(r), source: startNode(r).id, target: endNode(r).id}] AS edges
