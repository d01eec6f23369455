// Full-text search (search/_hits), best first, with each hit's whole record.
{{> search/_hits}}
RETURN {{> entity/_return}}, score
ORDER BY score DESC, n.sortName
