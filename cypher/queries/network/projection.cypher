// The organisation–forum engagement graph for centrality: every active engagement, or only
// those of the organisations in $scope (index seek on their ids), at most $cap edges.
MATCH (o:Organisation)-[r:ENGAGES_IN]->(f:Forum)
WHERE ($scope IS NULL OR o.id IN $scope) AND {{> network/_active}}
RETURN o.id AS organisation, f.id AS forum
LIMIT $cap
