// Removes one tie.
MATCH ()-[r:{{type}} {id: $key}]->()
DELETE r
RETURN count(*) AS removed
