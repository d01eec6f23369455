// The floor for organisation-three-levels: the organisation by its slug constraint, its first
// $first engagements (the service's order), and for each forum its first $first engagements
// with their actors and the count of all, nested CALL subqueries with LIMIT inside, one query.
MATCH (o:Organisation {slug: $slug})
CALL (o) {
  MATCH (o)-[r:ENGAGES_IN]->(f:Forum)
  WITH r, f
  ORDER BY coalesce(r.sinceStart, ''), r.id
  LIMIT $first
  CALL (f) {
    MATCH (f)<-[x:ENGAGES_IN]-(a:Entity)
    WITH x, a
    ORDER BY coalesce(x.sinceStart, ''), x.id
    LIMIT $first
    RETURN collect({role: x.role, actor: {type: [l IN labels(a) WHERE l <> 'Entity'][0], name: a.name}}) AS theirs
  }
  RETURN collect({role: r.role, since: r.since, until: r.until, forum: {name: f.name, totalCount: COUNT { (f)<-[:ENGAGES_IN]-(:Entity) }, nodes: theirs}}) AS nodes
}
RETURN o.name AS name, nodes
