// A tie as history keeps it (tieSnapshot in src/domain/records.ts), as JSON text, from p (the
// tie's properties), a and b (its ends), $tieType and $tieId (its global id). Every string goes
// through $jsonEscapes ([from, to] pairs: backslash, quote, control characters). Few `+` in a
// row: long chains of them cost Cypher's planner seconds.
'{' + reduce(out = '', s IN [kv IN [
    ['type', $tieType], ['id', $tieId],
    ['fromKey', a.id], ['fromType', [l IN labels(a) WHERE l <> 'Entity'][0]],
    ['toKey', b.id], ['toType', [l IN labels(b) WHERE l <> 'Entity'][0]],
    ['role', p.role], ['since', p.since], ['until', p.until], ['onBehalfOfKey', p.onBehalfOf], ['note', p.note],
    ['createdAt', p.createdAt], ['updatedAt', p.updatedAt]
  ] | '"' + kv[0] + '":' + coalesce('"' + reduce(t = kv[1], e IN $jsonEscapes | replace(t, e[0], e[1])) + '"', 'null')]
  + ['"sources":' + coalesce(nullIf(p.sourcesJson, ''), '[]'), '"version":' + coalesce(toString(p.version), 'null')]
  | out + CASE out WHEN '' THEN '' ELSE ',' END + s) + '}'
