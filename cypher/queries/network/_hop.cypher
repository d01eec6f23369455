// One hop of a neighbourhood walk inside the walk's query (network/neighbourhood*): from
// `frontier`, with `known` the entities held so far (in the order found), `hops` the hops done
// and `stop` whether the walk is over (no centre, truncated). Runs when fewer than $depth hops
// are done. Like network/expand: (1) new neighbours along ties of the given types in either
// direction, active in the period, in the order found, at most $limit - size(known) of them;
// `more` says whether there were others (Neo4j stops reading at $limit: LIMIT takes no
// variables, and no hop can keep more than $limit); (2) the ties between the frontier and the
// entities now held, found from their start nodes (outgoing only, so a forum's thousands of
// incoming engagements are not walked to find the few that stay), at most $edgeCap. Rebinds
// known, frontier, hops and stop for the next hop.
OPTIONAL CALL (frontier, known, hops, stop) {
  WITH frontier, known
  WHERE NOT stop AND size(hops) < $depth AND size(frontier) > 0
  CALL (frontier, known) {
    UNWIND frontier AS x
    MATCH (x)-[r:{{types}}]-(y:Entity)
    WHERE NOT y IN known
      AND ($activeStart IS NULL OR ((r.sinceStart IS NULL OR r.sinceStart <= $activeEnd) AND (r.untilEnd IS NULL OR r.untilEnd >= $activeStart)))
    WITH DISTINCT y
    LIMIT $limit
    RETURN collect(y) AS found
  }
  WITH frontier, known, found[0..($limit - size(known))] AS fresh, size(found) > $limit - size(known) AS more
  CALL (frontier, known, fresh) {
    WITH frontier, fresh + known AS held
    CALL (frontier, held) {
      UNWIND frontier AS x
      MATCH (x)-[r:{{types}}]->(y:Entity)
      WHERE y IN held
        AND ($activeStart IS NULL OR ((r.sinceStart IS NULL OR r.sinceStart <= $activeEnd) AND (r.untilEnd IS NULL OR r.untilEnd >= $activeStart)))
      RETURN r
      UNION
      UNWIND held AS y
      MATCH (y)-[r:{{types}}]->(x:Entity)
      WHERE x IN frontier
        AND ($activeStart IS NULL OR ((r.sinceStart IS NULL OR r.sinceStart <= $activeEnd) AND (r.untilEnd IS NULL OR r.untilEnd >= $activeStart)))
      RETURN r
    }
    WITH r
    LIMIT $edgeCap
    RETURN collect([r.id, type(r), startNode(r).id, endNode(r).id, r.role, r.since, r.until]) AS edges
  }
  RETURN {fresh: [n IN fresh | n.id], more: more, edges: edges, nodes: fresh} AS hop
}
WITH resolved, known + coalesce(hop.nodes, []) AS known, coalesce(hop.nodes, []) AS frontier,
     hops + CASE WHEN hop IS NULL THEN [] ELSE [hop {.fresh, .more, .edges}] END AS hops,
     stop OR coalesce(hop.more OR size(hop.edges) >= $edgeCap, false) AS stop
