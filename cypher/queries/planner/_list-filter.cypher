// The read planner's filter of entity lists (src/planner/cypher.ts): entity/_filter with the
// forum already resolved in the same query (forumKey, a variable: a merged-away forum id
// reads as the forum that absorbed it). n is the listed entity. Affiliations count for activeOn
// only when $personal (see entity/_filter).
n.sortName STARTS WITH $prefix
AND ($kinds IS NULL OR n.kind IN $kinds)
AND ($countries IS NULL OR n.country IN $countries OR any(c IN coalesce(n.countries, []) WHERE c IN $countries))
AND (forumKey IS NULL OR EXISTS { (n)-[:ENGAGES_IN]->(:Forum {id: forumKey}) })
AND ($activeStart IS NULL OR EXISTS {
  (n)-[t:ENGAGES_IN|PARTICIPATES_IN|AFFILIATED_WITH|MEMBER_OF]-()
  WHERE ($personal OR type(t) <> 'AFFILIATED_WITH')
    AND (t.sinceStart IS NULL OR t.sinceStart <= $activeEnd) AND (t.untilEnd IS NULL OR t.untilEnd >= $activeStart)
})
