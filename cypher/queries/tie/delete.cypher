// Removes one tie.
MATCH ()-[r:{{type}} {id: $key}]->() USING INDEX SEEK r:{{type}}(id)
DELETE r
RETURN count(*) AS removed
