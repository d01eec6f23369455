// The filter of entity lists, shared by a page and its count. Absent filters are null; the
// name prefix is '' when absent, so the sortName index serves every list. Affiliations count
// for activeOn only when $personal (the caller may read who works where): otherwise a list
// filtered year by year would tell anyone when a person worked somewhere.
n.sortName STARTS WITH $prefix
AND ($kinds IS NULL OR n.kind IN $kinds)
AND ($countries IS NULL OR n.country IN $countries OR any(c IN coalesce(n.countries, []) WHERE c IN $countries))
AND ($forum IS NULL OR EXISTS { (n)-[:ENGAGES_IN]->(:Forum {id: $forum}) })
AND ($activeStart IS NULL OR EXISTS {
  (n)-[t:ENGAGES_IN|PARTICIPATES_IN|AFFILIATED_WITH|MEMBER_OF]-()
  WHERE ($personal OR type(t) <> 'AFFILIATED_WITH')
    AND (t.sinceStart IS NULL OR t.sinceStart <= $activeEnd) AND (t.untilEnd IS NULL OR t.untilEnd >= $activeStart)
})
