// The floor for organisation-three-levels: the organisation by its slug constraint, its first
// $first engagements (the service's order), and for each forum its first $first engagements
// with their actors and the count of all, nested CALL subqueries with LIMIT inside, one query.
// Both pages are read in order from the ties' page key indexes (pageFrom, pageTo; V0012), and
// the count is the forum's degree, so a hub forum's 60,000 engagements are never walked.
MATCH (o:Organisation {slug: $slug})
CALL (o) {
  MATCH ()-[r:ENGAGES_IN]->(f:Forum) USING INDEX SEEK r:ENGAGES_IN(pageFrom)
  WHERE r.pageFrom STARTS WITH o.id + ' '
  WITH r, f
  ORDER BY r.pageFrom
  LIMIT $first
  CALL (f) {
    MATCH (a:Entity)-[x:ENGAGES_IN]->() USING INDEX SEEK x:ENGAGES_IN(pageTo)
    WHERE x.pageTo STARTS WITH f.id + ' '
    WITH x, a
    ORDER BY x.pageTo
    LIMIT $first
    RETURN collect({role: x.role, actor: {type: [l IN labels(a) WHERE l <> 'Entity'][0], name: a.name}}) AS theirs
  }
  RETURN collect({role: r.role, since: r.since, until: r.until, forum: {name: f.name, totalCount: COUNT { (f)<-[:ENGAGES_IN]-() }, nodes: theirs}}) AS nodes
}
RETURN o.name AS name, nodes
