// Organisations that engage in the fora $of engages in (or in one forum), both engagements
// active in the period when one is given. One row per (ally, forum), with each side's roles
// and the number of distinct organisations active in the forum, for the weighted Adamic-Adar
// score computed in src/domain/network.ts. Starts from a constraint seek on $of; each forum's
// size is counted once (not once per ally); capped by $cap rows.
MATCH (o:Organisation {id: $of})-[r1:ENGAGES_IN]->(f:Forum)
WHERE ($forum IS NULL OR f.id = $forum)
  AND ($activeStart IS NULL OR ((r1.sinceStart IS NULL OR r1.sinceStart <= $activeEnd) AND (r1.untilEnd IS NULL OR r1.untilEnd >= $activeStart)))
WITH f, collect(DISTINCT coalesce(r1.role, 'OTHER')) AS ownRoles
CALL (f) {
  MATCH (f)<-[x:ENGAGES_IN]-(y:Organisation)
  WHERE $activeStart IS NULL OR ((x.sinceStart IS NULL OR x.sinceStart <= $activeEnd) AND (x.untilEnd IS NULL OR x.untilEnd >= $activeStart))
  RETURN count(DISTINCT y) AS size
}
MATCH (f)<-[r2:ENGAGES_IN]-(a:Organisation)
WHERE a.id <> $of
  AND ($activeStart IS NULL OR ((r2.sinceStart IS NULL OR r2.sinceStart <= $activeEnd) AND (r2.untilEnd IS NULL OR r2.untilEnd >= $activeStart)))
  AND ($kinds IS NULL OR a.kind IN $kinds)
  AND ($countries IS NULL OR any(c IN coalesce(a.countries, []) WHERE c IN $countries))
WITH a, f, ownRoles, size, collect(DISTINCT coalesce(r2.role, 'OTHER')) AS allyRoles
RETURN a.id AS ally, f.id AS shared, ownRoles, allyRoles, size
LIMIT $cap
