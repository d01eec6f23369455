// The shape every entity query returns (n bound to the entity).
n {.*} AS node,
[l IN labels(n) WHERE l <> 'Entity'][0] AS type,
[(n)-[:IDENTIFIED_BY]->(i:Identifier) | i {.scheme, .value}] AS identifiers
