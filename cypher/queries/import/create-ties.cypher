// Creates the new ties of one type for an import batch ({{type}} from the model's whitelist).
// Each distinct end is looked up once (entity_id constraint) into a list in the order of $ends;
// rows name their ends by position in that list and carry the tie's properties as a tuple in the
// column order of TIE_COLUMNS in src/graph/import.repository.ts (thousands of rows: tuples and
// ends looked up once halve the work of maps and two seeks per row). An end deleted meanwhile
// leaves its rows unwritten, and the service turns the short count into a conflict.
UNWIND range(0, size($ends) - 1) AS i
OPTIONAL MATCH (n:Entity {id: $ends[i]})
WITH i, n ORDER BY i
WITH collect([n]) AS nodes
UNWIND $rows AS row
WITH nodes[row[0]][0] AS a, nodes[row[1]][0] AS b, row
WHERE a IS NOT NULL AND b IS NOT NULL
CREATE (a)-[r:{{type}} {id: row[2], role: row[3], since: row[4], sinceStart: row[5], until: row[6], untilEnd: row[7], note: row[8], sourcesJson: row[9], onBehalfOf: row[10], createdAt: row[11], updatedAt: row[12], version: row[13]}]->(b)
SET {{> tie/_page-keys}}
RETURN count(r) AS created
