// One page of the nodes of one label for a dump, in key order (the label's unique constraint).
MATCH (n:{{label}})
WHERE n.{{keyProp}} > $after
WITH n ORDER BY n.{{keyProp}} LIMIT $limit
RETURN n.{{keyProp}} AS k, [l IN labels(n) WHERE l <> 'Entity'] AS labels, n {.*} AS props
