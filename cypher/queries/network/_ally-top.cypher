// The best $first allies of `rows` (one per ally and shared forum or event, as network/allies
// reads them), by the weighted Adamic-Adar score of src/domain/network.ts ($forumWeights,
// $eventWeights, $eventFactor), rounded to 6 decimals, then by key: `top`, each ally with its
// rows and its rounded score.
UNWIND rows AS row
WITH row, CASE WHEN row.event THEN $eventWeights ELSE $forumWeights END AS wt
WITH row,
     reduce(m = 0.0, r IN row.ownRoles | CASE WHEN coalesce(wt[r], 1.0) > m THEN coalesce(wt[r], 1.0) ELSE m END)
   * reduce(m = 0.0, r IN row.allyRoles | CASE WHEN coalesce(wt[r], 1.0) > m THEN coalesce(wt[r], 1.0) ELSE m END)
   / log(1 + CASE WHEN row.size > 2 THEN row.size ELSE 2 END)
   * CASE WHEN row.event THEN $eventFactor ELSE 1.0 END AS w
WITH row.ally AS ally, sum(w) AS score, collect(row) AS rows
WITH ally, rows, floor(score * 1000000.0 + 0.5) / 1000000.0 AS rounded
ORDER BY rounded DESC, ally ASC
LIMIT $first
RETURN collect({ally: ally, rows: rows, rounded: rounded}) AS top
