// Organisations that took part in the events $of took part in (or in events of one forum, up to
// two PART_OF hops: a session of a conference of the forum). An event counts for a period when
// its dates overlap it; partial dates compare at their own precision (left(...)), so "2017-11"
// overlaps any day of November 2017. Same row shape as allies-fora; each event's size once.
MATCH (o:Organisation {id: $of})-[p1:PARTICIPATES_IN]->(e:Event)
WHERE ($forum IS NULL OR EXISTS { (e)-[:PART_OF*1..2]->(:Forum {id: $forum}) })
  AND ($activeStart IS NULL OR e.startDate IS NULL OR (
        e.startDate <= left($activeEnd, size(e.startDate))
    AND coalesce(e.endDate, e.startDate) >= left($activeStart, size(coalesce(e.endDate, e.startDate)))))
WITH e, collect(DISTINCT coalesce(p1.role, 'OTHER')) AS ownRoles
CALL (e) {
  MATCH (e)<-[:PARTICIPATES_IN]-(y:Organisation)
  RETURN count(DISTINCT y) AS size
}
MATCH (e)<-[p2:PARTICIPATES_IN]-(a:Organisation)
WHERE a.id <> $of
  AND ($kinds IS NULL OR a.kind IN $kinds)
  AND ($countries IS NULL OR any(c IN coalesce(a.countries, []) WHERE c IN $countries))
WITH a, e, ownRoles, size, collect(DISTINCT coalesce(p2.role, 'OTHER')) AS allyRoles
RETURN a.id AS ally, e.id AS shared, ownRoles, allyRoles, size
LIMIT $cap
