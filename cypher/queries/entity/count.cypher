// How many entities of a type match a list's filter (the connection's totalCount).
MATCH (n:{{label}})
WHERE {{> entity/_filter}}
RETURN count(n) AS total
