// The first end of $ends ([{key, type}], in the order the service names them) that a write may
// not use, as {i, problem, into}, or null: 'missing' when no entity of that type is stored under
// the key, 'merged' when the key was merged away into the entity `into` (its key) of that type.
CALL () {
  UNWIND range(0, size($ends) - 1) AS i
  WITH i, $ends[i] AS end
  OPTIONAL MATCH (n:Entity {id: end.key})
  OPTIONAL MATCH (rd:Redirect {fromKey: end.key}) WHERE n IS NULL
  OPTIONAL MATCH (m:Entity {id: rd.toKey})
  WITH i, CASE
      WHEN n IS NOT NULL AND end.type IN labels(n) THEN null
      WHEN n IS NULL AND m IS NOT NULL AND end.type IN labels(m) THEN 'merged'
      ELSE 'missing' END AS problem, m.id AS into
  WITH i, problem, into WHERE problem IS NOT NULL
  ORDER BY i
  RETURN head(collect({i: i, problem: problem, into: into})) AS bad
}
