// Entities of one type by slug ({{label}}_slug constraint).
MATCH (n:{{label}}) WHERE n.slug IN $slugs
RETURN {{> entity/_return}}
