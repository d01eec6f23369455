// An entity as history keeps it (entitySnapshot of toEntity, src/domain/records.ts), as JSON text,
// from p (its properties), idents (its identifiers as {scheme, value}, in order), $entityType and
// $entityId (its global id). $hiddenProps are the properties history leaves out (internal ones
// and personal contact data); every string goes through $jsonEscapes ([from, to] pairs).
'{' + reduce(out = '', kv IN [k IN keys(p) WHERE NOT k IN $hiddenProps | [k, p[k]]]
      + [['type', $entityType], ['id', $entityId]]
      + CASE WHEN p.aliases IS NULL THEN [['aliases', []]] ELSE [] END
      + CASE WHEN $entityType = 'Organisation' AND NOT p.countries IS :: LIST<ANY> THEN [['countries', []]] ELSE [] END
    | out + CASE out WHEN '' THEN '' ELSE ',' END + '"' + kv[0] + '":' + CASE
        WHEN kv[1] IS NULL THEN 'null'
        WHEN kv[1] IS :: STRING THEN '"' + reduce(t = kv[1], e IN $jsonEscapes | replace(t, e[0], e[1])) + '"'
        WHEN kv[1] IS :: LIST<ANY> THEN '[' + reduce(acc = '', x IN kv[1] | acc + CASE acc WHEN '' THEN '' ELSE ',' END + CASE
            WHEN x IS :: STRING THEN '"' + reduce(t = x, e IN $jsonEscapes | replace(t, e[0], e[1])) + '"'
            ELSE toString(x) END) + ']'
        ELSE toString(kv[1]) END)
  + ',"sources":' + CASE WHEN p.sourcesJson IS NULL OR p.sourcesJson = '' THEN '[]' ELSE p.sourcesJson END
  + ',"identifiers":[' + reduce(acc = '', i IN idents | acc + CASE acc WHEN '' THEN '' ELSE ',' END
      + '{"scheme":"' + reduce(t = i.scheme, e IN $jsonEscapes | replace(t, e[0], e[1]))
      + '","value":"' + reduce(t = i.value, e IN $jsonEscapes | replace(t, e[0], e[1])) + '"}') + ']}'
