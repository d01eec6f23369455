// allies in one query: the organisation $refs[0] (and the forum $refs[1], when given) resolved
// as in network/_resolve; its fora (active, with its roles) and each forum's size, the
// organisations engaging in it (counted once per forum); then one row per (ally, shared forum)
// and per (ally, shared event), each capped at $cap, scored by the weighted Adamic-Adar score of
// src/domain/network.ts ($forumWeights, $eventWeights, $eventFactor), ranked (rounded to 6
// decimals, then by key) to the best $first; and the records of those allies and of what they
// share. The service recomputes the score from the rows returned.
//
// Hub fora (more than $hub organisations) are not walked for allies at first: the allies are
// found in the other fora and the events, and each of those is looked up in the hubs from its
// own side (its few ties, not the hub's thousands). An organisation found only in hubs scores
// at most `bound`: for every hub, the best weight of the own roles times the best weight of any
// role, over ln(1 + size). When the $first-th best of the others (rounded) is above that bound,
// nobody found only in hubs can be on the page, and the page is exact. Otherwise (or when the
// rows of the other fora reached $cap), the hubs are walked for allies too.
{{> network/_resolve}}
WITH resolved, resolved[0].node AS o, resolved[1].node AS fo
CALL (o, fo) {
  WITH o, fo
  WHERE o IS NOT NULL AND (size($refs) < 2 OR fo IS NOT NULL)
  MATCH (o)-[r1:ENGAGES_IN]->(f:Forum)
  WHERE (fo IS NULL OR f = fo)
    AND ($activeStart IS NULL OR ((r1.sinceStart IS NULL OR r1.sinceStart <= $activeEnd) AND (r1.untilEnd IS NULL OR r1.untilEnd >= $activeStart)))
  WITH f, collect(DISTINCT coalesce(r1.role, 'OTHER')) AS ownRoles
  CALL (f) {
    MATCH (f)<-[x:ENGAGES_IN]-(y:Organisation)
    WHERE $activeStart IS NULL OR ((x.sinceStart IS NULL OR x.sinceStart <= $activeEnd) AND (x.untilEnd IS NULL OR x.untilEnd >= $activeStart))
    RETURN count(DISTINCT y) AS size
  }
  RETURN collect({forum: f, ownRoles: ownRoles, size: size}) AS fora
}
WITH resolved, o, fo, fora, [i IN range(0, size(fora) - 1) WHERE fora[i].size > $hub] AS hubs
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
  RETURN collect({ally: a.id, shared: e.id, ownRoles: ownRoles, allyRoles: allyRoles, size: size, event: true}) AS eventRows,
         collect(DISTINCT a) AS eventAllies
}
// The allies in the fora that are no hubs, as before.
CALL (o, fora, hubs) {
  UNWIND range(0, size(fora) - 1) AS pos
  WITH o, pos, fora[pos] AS x
  WHERE NOT pos IN hubs
  WITH o, pos, x.forum AS f, x.ownRoles AS ownRoles, x.size AS size
  MATCH (f)<-[r2:ENGAGES_IN]-(a:Organisation)
  WHERE a <> o
    AND ($activeStart IS NULL OR ((r2.sinceStart IS NULL OR r2.sinceStart <= $activeEnd) AND (r2.untilEnd IS NULL OR r2.untilEnd >= $activeStart)))
    AND ($kinds IS NULL OR a.kind IN $kinds)
    AND ($countries IS NULL OR any(c IN coalesce(a.countries, []) WHERE c IN $countries))
  WITH a, f, pos, ownRoles, size, collect(DISTINCT coalesce(r2.role, 'OTHER')) AS allyRoles
  LIMIT $cap
  RETURN collect({ally: a.id, shared: f.id, pos: pos, ownRoles: ownRoles, allyRoles: allyRoles, size: size, event: false}) AS smallRows,
         collect(DISTINCT a) AS smallAllies
}
// Those allies (and the events' allies) in the hubs, each from its own ties.
CALL (fora, hubs, smallAllies, eventAllies) {
  WITH fora, hubs, [x IN hubs | fora[x].forum] AS hubFora, smallAllies + [a IN eventAllies WHERE NOT a IN smallAllies] AS candidates
  WHERE size(hubs) > 0
  UNWIND candidates AS a
  MATCH (a)-[r2:ENGAGES_IN]->(f:Forum)
  WHERE f IN hubFora
    AND ($activeStart IS NULL OR ((r2.sinceStart IS NULL OR r2.sinceStart <= $activeEnd) AND (r2.untilEnd IS NULL OR r2.untilEnd >= $activeStart)))
  WITH fora, hubs, a, f, collect(DISTINCT coalesce(r2.role, 'OTHER')) AS allyRoles
  WITH a, f, allyRoles, [x IN hubs WHERE fora[x].forum = f][0] AS pos, fora
  RETURN collect({ally: a.id, shared: f.id, pos: pos, ownRoles: fora[pos].ownRoles, allyRoles: allyRoles, size: fora[pos].size, event: false}) AS hubRows
}
CALL (smallRows, hubRows) {
  UNWIND smallRows + hubRows AS row
  WITH row ORDER BY row.pos
  RETURN collect(row) AS boundedRows
}
CALL (boundedRows, eventRows) {
  WITH boundedRows + eventRows AS rows
  {{> network/_ally-top}}
}
WITH resolved, o, fora, hubs, smallRows, eventRows, top AS boundedTop,
     reduce(m = 1.0, k IN keys($forumWeights) | CASE WHEN $forumWeights[k] > m THEN $forumWeights[k] ELSE m END) AS bestWeight
WITH resolved, o, fora, hubs, smallRows, eventRows, boundedTop,
     size(hubs) = 0 OR (size(smallRows) < $cap AND size(boundedTop) >= $first AND boundedTop[$first - 1].rounded > 0.000001 + reduce(b = 0.0, x IN hubs |
       b + reduce(m = 0.0, r IN fora[x].ownRoles | CASE WHEN coalesce($forumWeights[r], 1.0) > m THEN coalesce($forumWeights[r], 1.0) ELSE m END)
         * bestWeight / log(1 + CASE WHEN fora[x].size > 2 THEN fora[x].size ELSE 2 END))) AS exact
// Not known to be exact without the hubs: the hubs walked too, their rows after the other fora's
// (so that $cap, when reached, keeps the rows of the smaller fora).
CALL (o, fora, hubs, exact) {
  WITH o, fora, hubs
  WHERE NOT exact
  UNWIND hubs AS pos
  WITH o, pos, fora[pos].forum AS f, fora[pos].ownRoles AS ownRoles, fora[pos].size AS size
  MATCH (f)<-[r2:ENGAGES_IN]-(a:Organisation)
  WHERE a <> o
    AND ($activeStart IS NULL OR ((r2.sinceStart IS NULL OR r2.sinceStart <= $activeEnd) AND (r2.untilEnd IS NULL OR r2.untilEnd >= $activeStart)))
    AND ($kinds IS NULL OR a.kind IN $kinds)
    AND ($countries IS NULL OR any(c IN coalesce(a.countries, []) WHERE c IN $countries))
  WITH a, f, pos, ownRoles, size, collect(DISTINCT coalesce(r2.role, 'OTHER')) AS allyRoles
  LIMIT $cap
  RETURN collect({ally: a.id, shared: f.id, pos: pos, ownRoles: ownRoles, allyRoles: allyRoles, size: size, event: false}) AS hubWalk
}
CALL (smallRows, hubWalk, eventRows, exact) {
  WITH smallRows + hubWalk[0..($cap - size(smallRows))] AS foraRows, eventRows
  WHERE NOT exact
  CALL (foraRows) {
    UNWIND foraRows AS row
    WITH row ORDER BY row.pos
    RETURN collect(row) AS sorted
  }
  WITH sorted + eventRows AS rows
  {{> network/_ally-top}}
}
WITH resolved, CASE WHEN exact THEN boundedTop ELSE top END AS top, exact
CALL (top) {
  UNWIND top AS t
  UNWIND [t.ally] + [row IN t.rows | row.shared] AS key
  WITH DISTINCT key
  MATCH (n:Entity {id: key})
  RETURN collect({{> network/_record}}) AS records
}
RETURN [x IN resolved | x {.types, .record}] AS resolved, top, exact, records
