// The keys of the records merged into an entity (redirect_to index): what was once stored under them is now its.
MATCH (r:Redirect {toKey: $key})
RETURN r.fromKey AS key
