// Slugs of records a merge absorbed, with the entity that absorbed each (redirect_from_slug
// index; a slug merged away twice answers the latest merge first).
UNWIND $slugs AS slug
MATCH (r:Redirect {fromSlug: slug})
WHERE r.type = $type
MATCH (n:Entity {id: r.toKey})
RETURN slug, n.id AS keep
ORDER BY r.at DESC
