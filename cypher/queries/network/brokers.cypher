// brokers in one query: the scope ($refs[0], a forum or a network, when given) resolved as in
// network/_resolve; the organisations in it (those engaging in the forum, or the network's
// members by MEMBER_OF into an organisation or ENGAGES_IN into a coalition forum, as
// network/coverage-one finds them; only one of the two can exist at a given entity), active
// when asked; then the organisation–forum engagement graph for centrality: every active
// engagement (no scope: a pass over the engagement graph on purpose) or all those of the
// organisations in scope, at most $cap engagements, grouped by organisation. Each organisation
// comes with the properties the selection asks for ($props, read by name: one text for every
// selection) and its identifiers when asked ($identifiers).
{{> network/_resolve}}
WITH resolved, resolved[0].node AS s
CALL (s) {
  OPTIONAL MATCH (s)<-[r:ENGAGES_IN|MEMBER_OF]-(o:Organisation)
  WHERE {{> network/_active}}
  RETURN collect(DISTINCT o) AS scope
}
CALL (s, scope) {
  CALL (s, scope) {
    WITH s
    WHERE size($refs) = 0
    MATCH (o:Organisation)-[r:ENGAGES_IN]->(f:Forum)
    WHERE {{> network/_active}}
    RETURN o, f
    LIMIT $cap
    UNION ALL
    WITH scope
    WHERE size($refs) > 0
    UNWIND scope AS o
    MATCH (o)-[r:ENGAGES_IN]->(f:Forum)
    WHERE {{> network/_active}}
    RETURN o, f
    LIMIT $cap
  }
  WITH o, collect(f.id) AS fora
  RETURN collect({
    values: [k IN $props | o[k]],
    identifiers: CASE WHEN $identifiers THEN [(o)-[:IDENTIFIED_BY]->(i:Identifier) | i {.scheme, .value}] ELSE [] END,
    fora: fora
  }) AS organisations
}
RETURN [x IN resolved | x {.types, .record}] AS resolved, size(scope) AS scoped, organisations
