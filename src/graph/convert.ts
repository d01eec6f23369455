/** Neo4j values to plain JavaScript at the repository edge: Integers to numbers, temporals to ISO strings. */
import neo4j from 'neo4j-driver';

export function fromNeo4j(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // Strings, numbers and booleans are most values: returned before the Integer and temporal checks.
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fromNeo4j);
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  if (
    neo4j.isDateTime(value) ||
    neo4j.isDate(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  ) {
    if (neo4j.isDateTime(value))
      return (value as { toStandardDate(): Date }).toStandardDate().toISOString();
    return (value as { toString(): string }).toString();
  }
  const v = value as Record<string, unknown>;
  // Nodes and relationships: their properties are what the domain wants.
  if ('properties' in v && ('labels' in v || 'type' in v) && 'elementId' in v) {
    return fromNeo4j(v.properties);
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = fromNeo4j(x);
  return out;
}

/**
 * Plain JavaScript to Neo4j parameters: whole numbers become Neo4j Integers (JavaScript
 * numbers would arrive as floats, which LIMIT refuses and which would store versions as 1.0).
 */
export function toNeo4j(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(toNeo4j);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toNeo4j(v);
    return out;
  }
  return value;
}
