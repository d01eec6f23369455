// onBehalfOf holds an organisation's key on engagements and participations; these indexes let a
// delete find (and count) the ties that name an organisation that way without a scan.
CREATE INDEX engages_in_on_behalf_of IF NOT EXISTS FOR ()-[r:ENGAGES_IN]-() ON (r.onBehalfOf);
CREATE INDEX participates_in_on_behalf_of IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() ON (r.onBehalfOf);
