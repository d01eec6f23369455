// engagementMatrix in one query. $refs (resolved as in network/_resolve) are the rows' forum
// filter first when $rowForum, then the columns given; nothing more is read unless every one
// was found. Rows: the organisations of planner/_list-filter (the filter of organisations(where:),
// with the rows' forum resolved above), A to Z, the first $first. Columns: the given fora, in
// order and once each, or else the fora the rows engage in (the first $cap engagements, the first
// $maxFora fora found). Cells: the engagements between rows and columns, grouped by organisation
// and forum (by key) and dated order. $activeStart/$activeEnd choose rows (the filter's own, as in
// organisations(where:)); the matrix's activeOn chooses columns and cells ($cellsStart,
// $cellsEnd: network/_active under names of their own). Rows and columns come with the
// properties the selection asks for ($orgProps, $forumProps, read by name) and their identifiers
// when asked.
{{> network/_resolve}}
WITH resolved, all(x IN resolved WHERE x.node IS NOT NULL) AS ok
WITH resolved, ok, CASE WHEN $rowForum THEN resolved[0].node.id END AS forumKey,
     [x IN CASE WHEN $rowForum THEN tail(resolved) ELSE resolved END | x.node] AS given
CALL (ok, forumKey) {
  WITH ok, forumKey
  WHERE ok
  MATCH (n:Organisation)
  WHERE {{> planner/_list-filter}}
  WITH n ORDER BY n.sortName ASC, n.id ASC
  LIMIT $first
  RETURN collect(n) AS rows
}
CALL (ok, rows, given) {
  WITH ok, rows, given
  WHERE ok AND size(given) = 0
  UNWIND rows AS o
  MATCH (o)-[r:ENGAGES_IN]->(f:Forum)
  WHERE $cellsStart IS NULL OR ((r.sinceStart IS NULL OR r.sinceStart <= $cellsEnd) AND (r.untilEnd IS NULL OR r.untilEnd >= $cellsStart))
  WITH f
  LIMIT $cap
  WITH DISTINCT f
  LIMIT $maxFora
  RETURN collect(f) AS found
}
WITH resolved, rows, CASE
  WHEN NOT ok THEN []
  WHEN size(given) > 0 THEN reduce(acc = [], f IN given | CASE WHEN f IN acc THEN acc ELSE acc + [f] END)
  ELSE found END AS fora
CALL (rows, fora) {
  UNWIND rows AS o
  MATCH (o)-[r:ENGAGES_IN]->(f:Forum)
  WHERE f IN fora
    AND ($cellsStart IS NULL OR ((r.sinceStart IS NULL OR r.sinceStart <= $cellsEnd) AND (r.untilEnd IS NULL OR r.untilEnd >= $cellsStart)))
  WITH o, f, r
  ORDER BY o.id, f.id, coalesce(r.sinceStart, '')
  RETURN collect({organisation: o.id, forum: f.id, id: r.id, role: r.role, since: r.since, until: r.until}) AS cells
}
RETURN [x IN resolved | x {.types, .record}] AS resolved,
       [o IN rows | {
         values: [k IN $orgProps | o[k]],
         identifiers: CASE WHEN $orgIdentifiers THEN [(o)-[:IDENTIFIED_BY]->(i:Identifier) | i {.scheme, .value}] ELSE [] END
       }] AS organisations,
       [f IN fora | {
         values: [k IN $forumProps | f[k]],
         identifiers: CASE WHEN $forumIdentifiers THEN [(f)-[:IDENTIFIED_BY]->(i:Identifier) | i {.scheme, .value}] ELSE [] END
       }] AS fora,
       cells
