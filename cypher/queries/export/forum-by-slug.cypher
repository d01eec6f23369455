// A forum by slug (forum_slug constraint).
MATCH (f:Forum {slug: $slug})
RETURN f.id AS key, f.name AS name
