// The forum view of the explorer: the engagements in the forum (forum_id constraint, then its
// incoming ENGAGES_IN ties) active in [$activeStart, $activeEnd] (null: always, as
// network/_active), with a role among $roles (null: any; an engagement without a role stays, as in every view) and an actor of a type among
// $entityTypes (null: any), at most $limit, as exported ties.
MATCH (b:Forum {id: $key})
MATCH (a:Entity)-[r:ENGAGES_IN]->(b)
WHERE ($roles IS NULL OR r.role IS NULL OR r.role IN $roles)
  AND ($entityTypes IS NULL OR any(l IN labels(a) WHERE l IN $entityTypes))
  AND {{> network/_active}}
WITH a, r, b LIMIT $limit
RETURN {{> export/_tie}}
