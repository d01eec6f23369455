// The public shape of an exported entity (n bound). Properties are named one by one, never n {.*}:
// {{@exportProps}} is the name and the export columns of the model spec (src/domain/spec.ts), which
// holds no contact details (contactEmail, contactPhone) and no internal keys (sortName, searchText, sourcesJson).
n.id AS key,
[l IN labels(n) WHERE l <> 'Entity'][0] AS type,
n {{{@exportProps}}} AS props
