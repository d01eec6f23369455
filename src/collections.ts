/** Small collection helpers shared across layers. */

/** The items grouped by key, groups and their items in first-seen order. */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** `mine`, then the items of `given` whose key is in neither (each key once), in order. */
export function unionBy<T>(
  mine: readonly T[],
  given: Iterable<T>,
  keyOf: (item: T) => string,
): T[] {
  const seen = new Set(mine.map(keyOf));
  const out = [...mine];
  for (const item of given) {
    const k = keyOf(item);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(item);
    }
  }
  return out;
}
