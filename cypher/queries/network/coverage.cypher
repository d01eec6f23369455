// Every forum other than the network itself, with the given organisations that engage in it
// (active when asked), A to Z. A label scan of Forum, bounded by $cap: fora number in the hundreds.
MATCH (f:Forum)
WHERE f.id <> $network
OPTIONAL MATCH (f)<-[r:ENGAGES_IN]-(o:Organisation)
WHERE o.id IN $members AND {{> network/_active}}
WITH f, collect(DISTINCT o.id) AS via
ORDER BY f.sortName
RETURN f.id AS forum, via
LIMIT $cap
