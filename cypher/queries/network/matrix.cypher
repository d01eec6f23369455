// The engagements between a set of organisations and a set of fora (both by id, index seeks).
MATCH (o:Organisation)-[r:ENGAGES_IN]->(f:Forum)
WHERE o.id IN $organisations AND f.id IN $fora AND {{> network/_active}}
RETURN o.id AS organisation, f.id AS forum, r.id AS id, r.role AS role, r.since AS since, r.until AS until
ORDER BY organisation, forum, coalesce(r.sinceStart, '')
