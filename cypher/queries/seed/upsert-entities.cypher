// Creates or updates entities of one type keyed by slug (constraint-backed MERGE); the version
// moves only when a property really changed, so loading the same data twice changes nothing.
UNWIND $rows AS row
MERGE (n:{{label}} {slug: row.slug})
  ON CREATE SET n:Entity, n.id = row.id, n.createdAt = $now, n.updatedAt = $now, n.version = 0
WITH n, row, [k IN keys(row.props) WHERE n[k] IS NULL OR n[k] <> row.props[k]] AS changed
SET n += row.props
SET n.version = n.version + CASE WHEN size(changed) > 0 THEN 1 ELSE 0 END,
    n.updatedAt = CASE WHEN size(changed) > 0 THEN $now ELSE n.updatedAt END
RETURN count(*) AS rows, sum(CASE WHEN size(changed) > 0 THEN 1 ELSE 0 END) AS changed
