// The public shape of an exported tie (a-[r]->b bound): its ends and its dated, role-bearing facts.
r.id AS key,
type(r) AS type,
a.id AS fromKey,
b.id AS toKey,
r.role AS role,
r.since AS since,
r.until AS until,
r.onBehalfOf AS onBehalfOf,
r.note AS note
