// The start entities of a network question, resolved in the question's own query: $refs is a
// list of {key, type, slug, types}, one per argument, in order. An id ({key, type}) is found by
// the entity_id constraint, or, when a merge took it away, by its redirect (redirect_from
// constraint) to the entity that absorbed it; it counts only when the stored entity is of the
// id's own type. A slug ({slug, types}) is looked up by each type's slug constraint, among
// `types` only. Yields `resolved`: per ref in order, the entity found (`node`, null when none or
// when a slug names several), the types of every match (for the service's "names an X and a Y"
// error) and the entity's record (null when none).
CALL () {
  UNWIND range(0, size($refs) - 1) AS i
  WITH i, $refs[i] AS ref
  CALL (ref) {
    CALL (ref) {
      MATCH (n:Entity {id: ref.key})
      RETURN n
      UNION ALL
      MATCH (r:Redirect {fromKey: ref.key})
      MATCH (n:Entity {id: r.toKey})
      RETURN n
      UNION ALL
      MATCH (n:Organisation {slug: ref.slug}) WHERE 'Organisation' IN ref.types
      RETURN n
      UNION ALL
      MATCH (n:Person {slug: ref.slug}) WHERE 'Person' IN ref.types
      RETURN n
      UNION ALL
      MATCH (n:Forum {slug: ref.slug}) WHERE 'Forum' IN ref.types
      RETURN n
      UNION ALL
      MATCH (n:Event {slug: ref.slug}) WHERE 'Event' IN ref.types
      RETURN n
      UNION ALL
      MATCH (n:Instrument {slug: ref.slug}) WHERE 'Instrument' IN ref.types
      RETURN n
      UNION ALL
      MATCH (n:Topic {slug: ref.slug}) WHERE 'Topic' IN ref.types
      RETURN n
    }
    RETURN collect(n) AS matches
  }
  WITH i, matches, CASE
    WHEN ref.key IS NOT NULL THEN CASE WHEN ref.type IN labels(head(matches)) THEN head(matches) END
    WHEN size(matches) = 1 THEN head(matches)
  END AS n
  ORDER BY i
  RETURN collect({
    node: n,
    types: [m IN matches | [l IN labels(m) WHERE l <> 'Entity'][0]],
    record: CASE WHEN n IS NULL THEN null ELSE {node: n {.*}, type: [l IN labels(n) WHERE l <> 'Entity'][0], identifiers: [(n)-[:IDENTIFIED_BY]->(idf:Identifier) | idf {.scheme, .value}]} END
  }) AS resolved
}
