// The floor for forum-engagements, as a Neo4j expert would write it: the forum by its slug
// constraint, its first $first engagements in the service's order (start, then key) read in that
// order from the ties' page key index (pageTo: the forum's id, the start, the tie's id; V0012),
// so a forum with 60,000 engagements reads 50 of them, with each actor's type and name, and the
// count of all of them from the forum's degree, in one query.
MATCH (f:Forum {slug: $slug})
CALL (f) {
  MATCH (a:Entity)-[r:ENGAGES_IN]->() USING INDEX SEEK r:ENGAGES_IN(pageTo)
  WHERE r.pageTo STARTS WITH f.id + ' '
  WITH r, a
  ORDER BY r.pageTo
  LIMIT $first
  RETURN collect({role: r.role, since: r.since, until: r.until, actor: {type: [l IN labels(a) WHERE l <> 'Entity'][0], name: a.name}}) AS nodes
}
RETURN f.name AS name, COUNT { (f)<-[:ENGAGES_IN]-() } AS totalCount, nodes
