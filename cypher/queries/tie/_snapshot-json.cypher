// A tie as history keeps it (tieSnapshot in src/domain/records.ts), as JSON text, from p (the
// tie's properties), a and b (its ends) and $tieId (its global id). Every string goes through
// $jsonEscapes ([from, to] pairs: backslash, quote, control characters).
'{' + reduce(out = '', kv IN [
    ['type', $tieType], ['id', $tieId],
    ['fromKey', a.id], ['fromType', [l IN labels(a) WHERE l <> 'Entity'][0]],
    ['toKey', b.id], ['toType', [l IN labels(b) WHERE l <> 'Entity'][0]],
    ['role', p.role], ['since', p.since], ['until', p.until], ['onBehalfOfKey', p.onBehalfOf], ['note', p.note],
    ['createdAt', p.createdAt], ['updatedAt', p.updatedAt]
  ] | out + CASE out WHEN '' THEN '' ELSE ',' END + '"' + kv[0] + '":'
      + CASE WHEN kv[1] IS NULL THEN 'null' ELSE '"' + reduce(s = kv[1], e IN $jsonEscapes | replace(s, e[0], e[1])) + '"' END)
  + ',"sources":' + CASE WHEN p.sourcesJson IS NULL OR p.sourcesJson = '' THEN '[]' ELSE p.sourcesJson END
  + ',"version":' + coalesce(toString(p.version), 'null') + '}'
