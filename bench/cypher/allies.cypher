// The floor for allies: the weighted Adamic-Adar score of src/domain/network.ts in Cypher, per
// shared forum (best role on each side, each forum's organisations counted once) and shared
// event (at $eventFactor), summed per ally, rounded to 6 decimals, best $first by score then
// key, with their names. The same row cap as the service ($cap per branch) keeps the answers equal.
MATCH (o:Organisation {id: $of})
CALL (o) {
  MATCH (o)-[r1:ENGAGES_IN]->(f:Forum)
  WITH o, f, max(coalesce($forumWeights[coalesce(r1.role, 'OTHER')], 1.0)) AS own
  CALL (f) {
    MATCH (f)<-[:ENGAGES_IN]-(y:Organisation)
    RETURN count(DISTINCT y) AS size
  }
  MATCH (f)<-[r2:ENGAGES_IN]-(a:Organisation)
  WHERE a <> o
  WITH a, f, own, size, max(coalesce($forumWeights[coalesce(r2.role, 'OTHER')], 1.0)) AS theirs
  LIMIT $cap
  RETURN a, own * theirs / log(1 + CASE WHEN size > 2 THEN size ELSE 2 END) AS w
  UNION ALL
  MATCH (o)-[p1:PARTICIPATES_IN]->(e:Event)
  WITH o, e, max(coalesce($eventWeights[coalesce(p1.role, 'OTHER')], 1.0)) AS own
  CALL (e) {
    MATCH (e)<-[:PARTICIPATES_IN]-(y:Organisation)
    RETURN count(DISTINCT y) AS size
  }
  MATCH (e)<-[p2:PARTICIPATES_IN]-(a:Organisation)
  WHERE a <> o
  WITH a, e, own, size, max(coalesce($eventWeights[coalesce(p2.role, 'OTHER')], 1.0)) AS theirs
  LIMIT $cap
  RETURN a, own * theirs / log(1 + CASE WHEN size > 2 THEN size ELSE 2 END) * $eventFactor AS w
}
WITH a, sum(w) AS score
WITH a, floor(score * 1000000.0 + 0.5) / 1000000.0 AS score
ORDER BY score DESC, a.id
LIMIT $first
RETURN score, a.name AS name
