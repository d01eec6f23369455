// A forum by stable key (forum_id constraint).
MATCH (f:Forum {id: $key})
RETURN f.id AS key, f.name AS name
