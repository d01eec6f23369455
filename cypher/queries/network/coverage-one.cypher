// coverage in one query: the network ($refs[0], an organisation or a forum) resolved as in
// network/_resolve; its members (MEMBER_OF into an organisation, ENGAGES_IN into a coalition
// forum, active when asked, as network/members); every forum but the network itself with the
// members that engage in it (as network/coverage: a label scan of Forum, A to Z, bounded by
// $cap; fora number in the hundreds); and the records of the members and fora, which the field
// resolvers then read from the request's loader. Another type of entity reads nothing more.
{{> network/_resolve}}
WITH resolved, resolved[0].node AS n
CALL (n) {
  WITH n
  WHERE n:Organisation OR n:Forum
  OPTIONAL MATCH (n)<-[r:MEMBER_OF|ENGAGES_IN]-(o:Organisation)
  WHERE {{> network/_active}}
  RETURN collect(DISTINCT o) AS members
}
CALL (n, members) {
  WITH n, members
  WHERE n:Organisation OR n:Forum
  MATCH (f:Forum)
  WHERE f <> n
  OPTIONAL MATCH (f)<-[r:ENGAGES_IN]-(o:Organisation)
  WHERE o IN members AND {{> network/_active}}
  WITH f, collect(DISTINCT o.id) AS via
  ORDER BY f.sortName
  LIMIT $cap
  RETURN collect({forum: f.id, via: via, record: {node: f {.*}, type: 'Forum', identifiers: [(f)-[:IDENTIFIED_BY]->(i:Identifier) | i {.scheme, .value}]}}) AS rows
}
RETURN [x IN resolved | x {.types, .record}] AS resolved,
       [o IN members | o.id] AS members,
       [o IN members | {node: o {.*}, type: 'Organisation', identifiers: [(o)-[:IDENTIFIED_BY]->(i:Identifier) | i {.scheme, .value}]}] AS memberRecords,
       rows
