// Creates or updates ties of one type between entities found by slug, keyed by a stable tie id;
// onBehalfOf is given as an organisation slug and stored as that organisation's key.
UNWIND $rows AS row
MATCH (a:{{fromLabel}} {slug: row.from})
MATCH (b:{{toLabel}} {slug: row.to})
OPTIONAL MATCH (o:Organisation {slug: row.onBehalfOf})
MERGE (a)-[r:{{type}} {id: row.id}]->(b)
  ON CREATE SET r.createdAt = $now, r.updatedAt = $now, r.version = 0
WITH r, o, row.props AS p
WITH r, CASE WHEN o IS NULL THEN p ELSE p {.*, onBehalfOf: o.id} END AS props
WITH r, props, [k IN keys(props) WHERE r[k] IS NULL OR r[k] <> props[k]] AS changed
SET r += props
SET {{> tie/_page-keys}}
SET r.version = r.version + CASE WHEN size(changed) > 0 THEN 1 ELSE 0 END,
    r.updatedAt = CASE WHEN size(changed) > 0 THEN $now ELSE r.updatedAt END
RETURN count(*) AS rows, sum(CASE WHEN size(changed) > 0 THEN 1 ELSE 0 END) AS changed
