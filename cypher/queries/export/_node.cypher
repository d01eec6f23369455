// The public shape of an exported entity (n bound). Properties are named one by one, never n {.*}:
// contact details (contactEmail, contactPhone) and internal keys (sortName, searchText, sourcesJson)
// must never leave the service in an export.
n.id AS key,
[l IN labels(n) WHERE l <> 'Entity'][0] AS type,
n {.name, .slug, .aliases, .acronym, .kind, .level, .title, .countries, .website, .url, .description,
   .startDate, .endDate, .venue, .city, .country, .adoptedOn} AS props
