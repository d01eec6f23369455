// The identifiers of n as history lists them, in order of "scheme:value".
COLLECT { MATCH (n)-[:IDENTIFIED_BY]->(i:Identifier) RETURN i {.scheme, .value} AS ident ORDER BY i.scheme + ':' + i.value }
