// Which of these entities absorbed others in merges: a redirect points at them (redirect_to index).
UNWIND $keys AS key
MATCH (r:Redirect {toKey: key})
RETURN DISTINCT key
