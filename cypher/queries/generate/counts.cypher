// Generator: how many entities and ties of each kind the graph holds, from the count store (no scan).
CALL () { MATCH (n:Organisation) RETURN count(n) AS organisations }
CALL () { MATCH (n:Person) RETURN count(n) AS people }
CALL () { MATCH (n:Forum) RETURN count(n) AS fora }
CALL () { MATCH (n:Event) RETURN count(n) AS events }
CALL () { MATCH ()-[r:ENGAGES_IN]->() RETURN count(r) AS engagements }
CALL () { MATCH ()-[r:AFFILIATED_WITH]->() RETURN count(r) AS affiliations }
CALL () { MATCH ()-[r:MEMBER_OF]->() RETURN count(r) AS memberships }
CALL () { MATCH ()-[r:PART_OF]->() RETURN count(r) AS parts }
CALL () { MATCH ()-[r:PARTICIPATES_IN]->() RETURN count(r) AS participations }
RETURN organisations, people, fora, events, engagements, affiliations, memberships, parts, participations
