// One page of entities of a type, filtered, keyset-paginated on (sort key, id).
MATCH (n:{{label}})
WHERE {{> entity/_filter}}
  AND ($afterValue IS NULL OR n.{{sortKey}} {{cmp}} $afterValue OR (n.{{sortKey}} = $afterValue AND n.id {{cmp}} $afterKey))
WITH n ORDER BY n.{{sortKey}} {{dir}}, n.id {{dir}}
LIMIT $limit
RETURN {{> entity/_return}}
