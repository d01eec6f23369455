// Completes a merge: identifiers and onBehalfOf references move to the kept entity, the kept
// entity takes the merged properties, old redirects follow, the removed key redirects to the
// kept one, and the removed entity goes (with any tie between the two). Moved identifiers
// remember where they came from (mergedFrom) and the redirect the removed slug (fromSlug), so
// that importing the same register again recognises the rows of merged-away records.
MATCH (k:Entity {id: $keep}), (rm:Entity {id: $remove})
CALL (k, rm) {
  MATCH (rm)-[old:IDENTIFIED_BY]->(i:Identifier)
  WITH k, old, i, EXISTS { (k)-[:IDENTIFIED_BY]->(i) } AS had
  MERGE (k)-[:IDENTIFIED_BY]->(i)
  // Only what the kept record did not carry itself came from the merge.
  SET i.mergedFrom = CASE WHEN had THEN i.mergedFrom ELSE coalesce(i.mergedFrom, $remove) END
  DELETE old
}
CALL (k, rm) {
  MATCH ()-[e:ENGAGES_IN]->() USING INDEX SEEK e:ENGAGES_IN(onBehalfOf) WHERE e.onBehalfOf = $remove
  SET e.onBehalfOf = $keep
}
CALL (k, rm) {
  MATCH ()-[p:PARTICIPATES_IN]->() USING INDEX SEEK p:PARTICIPATES_IN(onBehalfOf) WHERE p.onBehalfOf = $remove
  SET p.onBehalfOf = $keep
}
CALL (k, rm) {
  MATCH ()-[f:AFFILIATED_WITH]->() USING INDEX SEEK f:AFFILIATED_WITH(onBehalfOf) WHERE f.onBehalfOf = $remove
  SET f.onBehalfOf = $keep
}
CALL (k, rm) {
  MATCH (old:Redirect {toKey: $remove})
  SET old.toKey = $keep
}
SET k += $props, k.version = k.version + 1
CREATE (:Redirect {fromKey: $remove, toKey: $keep, type: $type, at: $now, fromSlug: rm.slug})
DETACH DELETE rm
RETURN k.id AS keep
