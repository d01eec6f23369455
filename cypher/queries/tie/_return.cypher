// The shape every tie query returns (a-[r]->b bound).
r {.*} AS rel,
type(r) AS type,
a.id AS fromKey,
[l IN labels(a) WHERE l <> 'Entity'][0] AS fromType,
b.id AS toKey,
[l IN labels(b) WHERE l <> 'Entity'][0] AS toType
