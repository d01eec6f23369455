// The first $cap entities of a type by sortName (index-backed), with what duplicate search needs.
MATCH (n:{{label}})
WHERE n.sortName >= ''
RETURN n.id AS id, n.name AS name
ORDER BY n.sortName
LIMIT $cap
