// The ties of a type at many entities at once (one DataLoader batch), in one direction:
// {{left}}/{{right}} are '-'/'->' for ties going out of the entity, '<-'/'-' for ties coming in.
// Optional role and active-period filters; capped per entity.
UNWIND $keys AS key
MATCH (x:Entity {id: key}){{left}}[r:{{type}}]{{right}}(y:Entity)
WHERE ($role IS NULL OR r.role = $role)
  AND ($activeStart IS NULL OR ((r.sinceStart IS NULL OR r.sinceStart <= $activeEnd) AND (r.untilEnd IS NULL OR r.untilEnd >= $activeStart)))
WITH key, r, startNode(r) AS a, endNode(r) AS b
ORDER BY coalesce(r.sinceStart, ''), r.id
WITH key, collect({
  rel: r {.*}, type: type(r),
  fromKey: a.id, fromType: [l IN labels(a) WHERE l <> 'Entity'][0],
  toKey: b.id, toType: [l IN labels(b) WHERE l <> 'Entity'][0]
})[0..$cap] AS ties
RETURN key, ties
