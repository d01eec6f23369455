// After a merge, the removed entity's key redirects to the kept one, so old ids keep working.
CREATE CONSTRAINT redirect_from IF NOT EXISTS FOR (r:Redirect) REQUIRE r.fromKey IS UNIQUE;
CREATE INDEX redirect_to IF NOT EXISTS FOR (r:Redirect) ON (r.toKey);
