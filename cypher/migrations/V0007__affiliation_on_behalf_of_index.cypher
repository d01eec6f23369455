// Affiliations may name the organisation a person sits for (an MP for a party, from Popolo's
// on_behalf_of): indexed like engagements' and participations' (V0003).
CREATE INDEX affiliated_with_on_behalf_of IF NOT EXISTS FOR ()-[r:AFFILIATED_WITH]-() ON (r.onBehalfOf);
