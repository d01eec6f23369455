// The filter of entity lists, shared by a page and its count. Absent filters are null; the
// name prefix is '' when absent, so the sortName index serves every list.
n.sortName STARTS WITH $prefix
AND ($kinds IS NULL OR n.kind IN $kinds)
AND ($countries IS NULL OR n.country IN $countries OR any(c IN coalesce(n.countries, []) WHERE c IN $countries))
AND ($forum IS NULL OR EXISTS { (n)-[:ENGAGES_IN]->(:Forum {id: $forum}) })
AND ($activeStart IS NULL OR EXISTS {
  (n)-[t:ENGAGES_IN|PARTICIPATES_IN|AFFILIATED_WITH|MEMBER_OF]-()
  WHERE (t.sinceStart IS NULL OR t.sinceStart <= $activeEnd) AND (t.untilEnd IS NULL OR t.untilEnd >= $activeStart)
})
