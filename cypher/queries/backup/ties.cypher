// One page of the ties of one type for a dump, in id order ({{type}}_id constraint), with their ends' keys.
MATCH (a:Entity)-[r:{{type}}]->(b:Entity)
WHERE r.id > $after
WITH a, r, b ORDER BY r.id LIMIT $limit
RETURN r.id AS k, a.id AS from, b.id AS to, r {.*} AS props
