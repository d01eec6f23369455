// The ties of a type at many entities at once (one DataLoader batch), in one direction:
// {{left}}/{{right}} are '-'/'->' for ties going out of the entity, '<-'/'-' for ties coming in.
// Optional role and active-period filters. Every match is counted (total), but only the first
// $cap are projected, so a first page of a forum with thousands of engagements stays cheap.
UNWIND $keys AS key
MATCH (x:Entity {id: key}){{left}}[r:{{type}}]{{right}}(y:Entity) USING INDEX SEEK x:Entity(id)
WHERE ($role IS NULL OR r.role = $role)
  AND ($activeStart IS NULL OR ((r.sinceStart IS NULL OR r.sinceStart <= $activeEnd) AND (r.untilEnd IS NULL OR r.untilEnd >= $activeStart)))
WITH key, r
ORDER BY coalesce(r.sinceStart, ''), r.id
WITH key, collect(r) AS matched
RETURN key, size(matched) AS total, [r IN matched[0..$cap] | {
  rel: r {.*}, type: type(r),
  fromKey: startNode(r).id, fromType: [l IN labels(startNode(r)) WHERE l <> 'Entity'][0],
  toKey: endNode(r).id, toType: [l IN labels(endNode(r)) WHERE l <> 'Entity'][0]
}] AS ties
