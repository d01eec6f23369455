// The tie r's place in its two ends' pages, as SET items (docs/planner.md "Pages read from an
// index"): the end's id, the tie's start (empty when it has none) and the tie's id, joined by
// spaces. Ordered as a string, a key sorts as the pages do (coalesce(sinceStart, ''), then id):
// ids hold no spaces, and a space sorts before every character a start can hold (digits, '-').
// A relationship range index per tie type and end (V0012) serves a page of a hub's ties in
// order and stops after the page, instead of reading and sorting all of them. Every query that
// creates a tie, moves it to another end or changes its start sets them again.
r.pageFrom = startNode(r).id + ' ' + coalesce(r.sinceStart, '') + ' ' + r.id,
r.pageTo = endNode(r).id + ' ' + coalesce(r.sinceStart, '') + ' ' + r.id
