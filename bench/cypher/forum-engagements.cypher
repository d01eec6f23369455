// The floor for forum-engagements, as a Neo4j expert would write it: the forum by its slug
// constraint, its first $first engagements in the service's order (start, then key) with each
// actor's type and name, and the count of all of them, in one query.
MATCH (f:Forum {slug: $slug})
CALL (f) {
  MATCH (f)<-[r:ENGAGES_IN]-(a:Entity)
  WITH r, a
  ORDER BY coalesce(r.sinceStart, ''), r.id
  LIMIT $first
  RETURN collect({role: r.role, since: r.since, until: r.until, actor: {type: [l IN labels(a) WHERE l <> 'Entity'][0], name: a.name}}) AS nodes
}
RETURN f.name AS name, COUNT { (f)<-[:ENGAGES_IN]-(:Entity) } AS totalCount, nodes
