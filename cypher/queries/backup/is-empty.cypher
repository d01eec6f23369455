// Whether the graph has no entity, identifier, change or redirect (count-store lookups).
RETURN COUNT { (:Entity) } + COUNT { (:Identifier) } + COUNT { (:Change) } + COUNT { (:Redirect) } AS total
