// One entity's record as toEntity reads it (n bound to the entity): the shape of entity/_return, as a map.
{node: n {.*}, type: [l IN labels(n) WHERE l <> 'Entity'][0], identifiers: [(n)-[:IDENTIFIED_BY]->(i:Identifier) | i {.scheme, .value}]}
