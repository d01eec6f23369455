// How many entities the graph holds (a count-store lookup, no scan): checked against the export limit first.
MATCH (n:Entity)
RETURN count(n) AS total
