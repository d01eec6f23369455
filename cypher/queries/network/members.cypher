// The member organisations of a network: MEMBER_OF into a network organisation, or ENGAGES_IN
// into a coalition forum (only one of the two can exist at a given entity), active when asked.
MATCH (n:Entity {id: $network})
OPTIONAL MATCH (n)<-[r:MEMBER_OF|ENGAGES_IN]-(o:Organisation)
WHERE {{> network/_active}}
RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS type, collect(DISTINCT o.id) AS members
