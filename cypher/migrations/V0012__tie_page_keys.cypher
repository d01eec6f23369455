// Page keys on every tie (cypher/queries/tie/_page-keys.cypher, docs/planner.md "Pages read from
// an index"): each tie's place in its from end's pages (pageFrom) and its to end's (pageTo), and
// a relationship range index per tie type and end, so that a page of a hub's ties (a forum with
// 60,000 engagements) reads the page from the index in order instead of sorting all the ties.
// Every query that creates a tie, moves it or changes its start keeps the keys; ties written
// before this migration get theirs here, in batches.
CREATE INDEX tie_affiliated_with_page_from IF NOT EXISTS FOR ()-[r:AFFILIATED_WITH]-() ON (r.pageFrom);
CREATE INDEX tie_affiliated_with_page_to IF NOT EXISTS FOR ()-[r:AFFILIATED_WITH]-() ON (r.pageTo);
CREATE INDEX tie_member_of_page_from IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.pageFrom);
CREATE INDEX tie_member_of_page_to IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.pageTo);
CREATE INDEX tie_engages_in_page_from IF NOT EXISTS FOR ()-[r:ENGAGES_IN]-() ON (r.pageFrom);
CREATE INDEX tie_engages_in_page_to IF NOT EXISTS FOR ()-[r:ENGAGES_IN]-() ON (r.pageTo);
CREATE INDEX tie_participates_in_page_from IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() ON (r.pageFrom);
CREATE INDEX tie_participates_in_page_to IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() ON (r.pageTo);
CREATE INDEX tie_part_of_page_from IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.pageFrom);
CREATE INDEX tie_part_of_page_to IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.pageTo);
CREATE INDEX tie_adopted_page_from IF NOT EXISTS FOR ()-[r:ADOPTED]-() ON (r.pageFrom);
CREATE INDEX tie_adopted_page_to IF NOT EXISTS FOR ()-[r:ADOPTED]-() ON (r.pageTo);
CREATE INDEX tie_works_on_page_from IF NOT EXISTS FOR ()-[r:WORKS_ON]-() ON (r.pageFrom);
CREATE INDEX tie_works_on_page_to IF NOT EXISTS FOR ()-[r:WORKS_ON]-() ON (r.pageTo);
MATCH ()-[r:AFFILIATED_WITH|MEMBER_OF|ENGAGES_IN|PARTICIPATES_IN|PART_OF|ADOPTED|WORKS_ON]->()
WHERE r.pageFrom IS NULL OR r.pageTo IS NULL
CALL (r) {
  SET r.pageFrom = startNode(r).id + ' ' + coalesce(r.sinceStart, '') + ' ' + r.id,
      r.pageTo = endNode(r).id + ' ' + coalesce(r.sinceStart, '') + ' ' + r.id
} IN TRANSACTIONS OF 10000 ROWS;
