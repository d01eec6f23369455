// A merged-away record's slug, kept on its redirect: an import row naming it is recognised as
// the kept record's (cypher/queries/import/merged-slugs.cypher).
CREATE INDEX redirect_from_slug IF NOT EXISTS FOR (r:Redirect) ON (r.fromSlug);
