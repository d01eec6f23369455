// The organisations that engage in one forum (active when asked).
MATCH (f:Forum {id: $forum})<-[r:ENGAGES_IN]-(o:Organisation)
WHERE {{> network/_active}}
RETURN collect(DISTINCT o.id) AS organisations
