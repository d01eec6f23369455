// Updates one entity in one round trip, checks first and writes only when they pass:
// 1. its write lock ({{label}}_id constraint; a merged id is never followed): when there is
//    none, why (entity/_writable: merged away into which entity, or missing);
// 2. its version against $expectedVersion;
// 3. a new slug no other {{label}} has ({{label}}_slug constraint);
// 4. given identifiers locked, none another entity's (entity/_identifiers-taken);
// 5. $inputError: the service found the input invalid (it says why once the checks above pass);
// 6. startDate and endDate as they will be: the end never before the start (partial dates
//    compare by period: the end's period ends before the start's begins when it sorts before
//    the start and is not a prefix of it);
// then the properties ($props; aliases that depend on the stored name are $aliasesByKey, each
// [alias, its aliasKey], kept unless it is the name's), one more version, the search text from
// the name, acronym and aliases as stored, the identifiers when given (replacing the old set), and the
// history change with the entity before and after (entity/_snapshot-json).
OPTIONAL MATCH (n:{{label}} {id: $key})
SET n._lock = true
REMOVE n._lock
WITH n
{{> entity/_writable}}
OPTIONAL MATCH (clash:{{label}} {slug: $props.slug})
WHERE n IS NOT NULL AND $props.slug IS NOT NULL AND $props.slug <> n.slug
WITH n, bad, clash.name AS clash, CASE
    WHEN n IS NULL THEN coalesce(bad.problem, 'missing')
    WHEN $expectedVersion IS NOT NULL AND n.version <> $expectedVersion THEN 'version'
    WHEN clash IS NOT NULL THEN 'slug'
    ELSE 'ok' END AS status
WITH n, bad, clash, status, status = 'ok' AND $identifiers IS NOT NULL AS go
{{> entity/_identifiers-taken}}
WITH n, bad, clash, taken,
     CASE WHEN $setStart THEN $props.startDate ELSE n.startDate END AS startDate,
     CASE WHEN $setEnd THEN $props.endDate ELSE n.endDate END AS endDate,
     CASE WHEN status = 'ok' AND size(taken) > 0 THEN 'identifier' ELSE status END AS status
WITH n, bad, clash, taken, startDate, endDate, n.version AS currentVersion, CASE
    WHEN status <> 'ok' THEN status
    WHEN $inputError THEN 'input'
    WHEN startDate IS NOT NULL AND endDate IS NOT NULL AND endDate < startDate AND NOT startDate STARTS WITH endDate THEN 'dates'
    ELSE 'ok' END AS status
OPTIONAL CALL (status, n) {
  WITH status, n WHERE status = 'ok'
  WITH n, properties(n) AS p, {{> entity/_identifiers-of}} AS idents
  WITH n, {{> entity/_snapshot-json}} AS beforeJson
  SET n += $props, n.version = n.version + 1
  WITH n, beforeJson
  CALL (n) {
    WITH n WHERE $aliasesByKey IS NOT NULL
    WITH n, toLower(trim(normalize(n.name, NFKC))) AS nameKey
    SET n.aliases = [a IN $aliasesByKey WHERE a[1] <> nameKey | a[0]]
  }
  SET n.searchText = reduce(acc = '', x IN [x IN [n.name, CASE WHEN n.acronym IS :: STRING THEN n.acronym ELSE null END] + coalesce(n.aliases, []) WHERE x IS NOT NULL AND x <> '']
    | acc + CASE acc WHEN '' THEN '' ELSE ' | ' END + x)
  WITH n, beforeJson
  CALL (n) {
    WITH n WHERE $identifiers IS NOT NULL
    OPTIONAL MATCH (n)-[old:IDENTIFIED_BY]->(oi:Identifier)
    WITH n, collect(old) AS olds, collect(oi) AS ois
    FOREACH (o IN olds | DELETE o)
    WITH n, ois
    CALL (n) {
      UNWIND $identifiers AS ident
      MERGE (i:Identifier {key: ident.key})
        ON CREATE SET i.scheme = ident.scheme, i.value = ident.value
      MERGE (n)-[:IDENTIFIED_BY]->(i)
    }
    UNWIND ois AS oi
    WITH oi WHERE NOT (oi)--()
    DELETE oi
  }
  WITH n, beforeJson, properties(n) AS p, {{> entity/_identifiers-of}} AS idents
  CREATE (c:Change:Unsequenced)
  SET c = $change, c.beforeJson = beforeJson, c.afterJson = {{> entity/_snapshot-json}}
  RETURN {{> entity/_return}}
}
RETURN status, bad, clash, taken, currentVersion, startDate, endDate, node, type, identifiers
