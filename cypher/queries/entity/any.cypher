// Whether the graph holds any entity at all (a count store lookup, no scan).
MATCH (n:Entity)
RETURN count(n) AS total
