// Identity and lookup: every entity has a unique id and a slug unique per type;
// sortName (lower-case, accents folded) serves name-prefix filters and ordering.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organisation_slug IF NOT EXISTS FOR (n:Organisation) REQUIRE n.slug IS UNIQUE;
CREATE INDEX organisation_sort_name IF NOT EXISTS FOR (n:Organisation) ON (n.sortName);
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_slug IF NOT EXISTS FOR (n:Person) REQUIRE n.slug IS UNIQUE;
CREATE INDEX person_sort_name IF NOT EXISTS FOR (n:Person) ON (n.sortName);
CREATE CONSTRAINT forum_id IF NOT EXISTS FOR (n:Forum) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT forum_slug IF NOT EXISTS FOR (n:Forum) REQUIRE n.slug IS UNIQUE;
CREATE INDEX forum_sort_name IF NOT EXISTS FOR (n:Forum) ON (n.sortName);
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_slug IF NOT EXISTS FOR (n:Event) REQUIRE n.slug IS UNIQUE;
CREATE INDEX event_sort_name IF NOT EXISTS FOR (n:Event) ON (n.sortName);
CREATE CONSTRAINT instrument_id IF NOT EXISTS FOR (n:Instrument) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT instrument_slug IF NOT EXISTS FOR (n:Instrument) REQUIRE n.slug IS UNIQUE;
CREATE INDEX instrument_sort_name IF NOT EXISTS FOR (n:Instrument) ON (n.sortName);
CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT topic_slug IF NOT EXISTS FOR (n:Topic) REQUIRE n.slug IS UNIQUE;
CREATE INDEX topic_sort_name IF NOT EXISTS FOR (n:Topic) ON (n.sortName);
// External identifiers (scheme:value, e.g. wikidata:Q123) are nodes so that lookups by them use a constraint.
CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (i:Identifier) REQUIRE i.key IS UNIQUE;
// Every tie has a stable id, unique per relationship type.
CREATE CONSTRAINT affiliated_with_id IF NOT EXISTS FOR ()-[r:AFFILIATED_WITH]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT member_of_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT engages_in_id IF NOT EXISTS FOR ()-[r:ENGAGES_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT participates_in_id IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT part_of_id IF NOT EXISTS FOR ()-[r:PART_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT adopted_id IF NOT EXISTS FOR ()-[r:ADOPTED]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT works_on_id IF NOT EXISTS FOR ()-[r:WORKS_ON]-() REQUIRE r.id IS UNIQUE;
