// Applies changed properties to a tie; the caller has locked and checked the version.
MATCH (a:Entity)-[r:{{type}} {id: $key}]->(b:Entity) USING INDEX SEEK r:{{type}}(id)
SET r += $props, r.version = r.version + 1
SET {{> tie/_page-keys}}
RETURN {{> tie/_return}}
