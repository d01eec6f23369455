// neighbourhood in one query, returning only the key, type and name of each entity (what { id label type } needs): the centre ($refs[0])
// resolved as in network/_resolve, then up to three hops of network/_hop ($depth of them, at
// most 3), then the entities held in the order found. The service picks this text or its twin
// (network/neighbourhood, network/neighbourhood-records) from the GraphQL selection.
{{> network/_resolve}}
WITH resolved, resolved[0].node AS c
WITH resolved, CASE WHEN c IS NULL THEN [] ELSE [c] END AS known, CASE WHEN c IS NULL THEN [] ELSE [c] END AS frontier, [] AS hops, c IS NULL AS stop
{{> network/_hop}}
{{> network/_hop}}
{{> network/_hop}}
RETURN [x IN resolved | x {.types, .record}] AS resolved, [n IN known | [n.id, [l IN labels(n) WHERE l <> 'Entity'][0], n.name]] AS nodes, hops
