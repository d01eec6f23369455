// Full-text search over names, acronyms and aliases. standard-folding lower-cases and folds accents,
// so "Medecins Sans Frontieres" finds "Médecins Sans Frontières"; typo tolerance comes from fuzzy terms in the query.
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
FOR (n:Organisation|Person|Forum|Event|Instrument|Topic) ON EACH [n.name, n.acronym, n.searchText]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}};
