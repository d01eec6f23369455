// Takes the write lock of the identifiers of $identifiers (sorted by the service; created when new,
// see entity/lock-identifiers) when `go` holds, then lists the keys of those another entity than
// $self carries (identifier_key constraint). What it creates goes with the transaction when a check fails.
CALL (go) {
  UNWIND CASE WHEN go THEN coalesce($identifiers, []) ELSE [] END AS ident
  MERGE (i:Identifier {key: ident.key})
    ON CREATE SET i.scheme = ident.scheme, i.value = ident.value
  SET i._lock = true
  REMOVE i._lock
  WITH i
  OPTIONAL MATCH (i)<-[:IDENTIFIED_BY]-(o:Entity)
  WITH i, o WHERE o IS NOT NULL AND ($self IS NULL OR o.id <> $self)
  RETURN collect(DISTINCT i.key) AS taken
}
