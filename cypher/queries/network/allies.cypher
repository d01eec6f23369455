// allies in one query: the organisation $refs[0] (and the forum $refs[1], when given) resolved
// as in network/_resolve; then one row per (ally, shared forum) and per (ally, shared event),
// each capped at $cap, as network/allies-fora and network/allies-events read them (each forum's
// and event's size counted once, before expanding to the allies); then the weighted
// Adamic-Adar score of src/domain/network.ts ($forumWeights, $eventWeights, $eventFactor),
// ranked (rounded to 6 decimals, then by key) to the best $first; and the records of those
// allies and of what they share. The service recomputes the score from the rows returned.
{{> network/_resolve}}
WITH resolved, resolved[0].node AS o, resolved[1].node AS fo
CALL (o, fo) {
  WITH o, fo
  WHERE o IS NOT NULL AND (size($refs) < 2 OR fo IS NOT NULL)
  MATCH (o)-[r1:ENGAGES_IN]->(f:Forum)
  WHERE (fo IS NULL OR f = fo)
    AND ($activeStart IS NULL OR ((r1.sinceStart IS NULL OR r1.sinceStart <= $activeEnd) AND (r1.untilEnd IS NULL OR r1.untilEnd >= $activeStart)))
  WITH o, f, collect(DISTINCT coalesce(r1.role, 'OTHER')) AS ownRoles
  CALL (f) {
    MATCH (f)<-[x:ENGAGES_IN]-(y:Organisation)
    WHERE $activeStart IS NULL OR ((x.sinceStart IS NULL OR x.sinceStart <= $activeEnd) AND (x.untilEnd IS NULL OR x.untilEnd >= $activeStart))
    RETURN count(DISTINCT y) AS size
  }
  MATCH (f)<-[r2:ENGAGES_IN]-(a:Organisation)
  WHERE a <> o
    AND ($activeStart IS NULL OR ((r2.sinceStart IS NULL OR r2.sinceStart <= $activeEnd) AND (r2.untilEnd IS NULL OR r2.untilEnd >= $activeStart)))
    AND ($kinds IS NULL OR a.kind IN $kinds)
    AND ($countries IS NULL OR any(c IN coalesce(a.countries, []) WHERE c IN $countries))
  WITH a, f, ownRoles, size, collect(DISTINCT coalesce(r2.role, 'OTHER')) AS allyRoles
  LIMIT $cap
  RETURN collect({ally: a.id, shared: f.id, ownRoles: ownRoles, allyRoles: allyRoles, size: size, event: false}) AS foraRows
}
CALL (o, fo) {
  WITH o, fo
  WHERE o IS NOT NULL AND (size($refs) < 2 OR fo IS NOT NULL)
  MATCH (o)-[p1:PARTICIPATES_IN]->(e:Event)
  WHERE (fo IS NULL OR EXISTS { (e)-[:PART_OF*1..2]->(fo) })
    AND ($activeStart IS NULL OR e.startDate IS NULL OR (
          e.startDate <= left($activeEnd, size(e.startDate))
      AND coalesce(e.endDate, e.startDate) >= left($activeStart, size(coalesce(e.endDate, e.startDate)))))
  WITH o, e, collect(DISTINCT coalesce(p1.role, 'OTHER')) AS ownRoles
  CALL (e) {
    MATCH (e)<-[:PARTICIPATES_IN]-(y:Organisation)
    RETURN count(DISTINCT y) AS size
  }
  MATCH (e)<-[p2:PARTICIPATES_IN]-(a:Organisation)
  WHERE a <> o
    AND ($kinds IS NULL OR a.kind IN $kinds)
    AND ($countries IS NULL OR any(c IN coalesce(a.countries, []) WHERE c IN $countries))
  WITH a, e, ownRoles, size, collect(DISTINCT coalesce(p2.role, 'OTHER')) AS allyRoles
  LIMIT $cap
  RETURN collect({ally: a.id, shared: e.id, ownRoles: ownRoles, allyRoles: allyRoles, size: size, event: true}) AS eventRows
}
CALL (foraRows, eventRows) {
  UNWIND foraRows + eventRows AS row
  WITH row, CASE WHEN row.event THEN $eventWeights ELSE $forumWeights END AS wt
  WITH row,
       reduce(m = 0.0, r IN row.ownRoles | CASE WHEN coalesce(wt[r], 1.0) > m THEN coalesce(wt[r], 1.0) ELSE m END)
     * reduce(m = 0.0, r IN row.allyRoles | CASE WHEN coalesce(wt[r], 1.0) > m THEN coalesce(wt[r], 1.0) ELSE m END)
     / log(1 + CASE WHEN row.size > 2 THEN row.size ELSE 2 END)
     * CASE WHEN row.event THEN $eventFactor ELSE 1.0 END AS w
  WITH row.ally AS ally, sum(w) AS score, collect(row) AS rows
  WITH ally, rows, floor(score * 1000000.0 + 0.5) / 1000000.0 AS rounded
  ORDER BY rounded DESC, ally ASC
  LIMIT $first
  RETURN collect({ally: ally, rows: rows}) AS top
}
CALL (top) {
  UNWIND top AS t
  UNWIND [t.ally] + [row IN t.rows | row.shared] AS key
  WITH DISTINCT key
  MATCH (n:Entity {id: key})
  RETURN collect({{> network/_record}}) AS records
}
RETURN [x IN resolved | x {.types, .record}] AS resolved, top, records
