/**
 * How alike two entities are, and why: pure rules, testable by hand. The strongest
 * reason wins: a shared external identifier (1.0), the same name once folded (0.95), one's
 * name among the other's aliases (0.9), an acronym that matches the other's acronym or
 * initials (0.8), or names within a small edit distance (up to 0.9 × similarity).
 */
import { distance } from 'fastest-levenshtein';
import { fold } from './text';

export interface Comparable {
  key: string;
  name: string;
  aliases: string[];
  acronym?: string | null;
  identifiers: Array<{ scheme: string; value: string }>;
}

export interface Likeness {
  score: number;
  reasons: string[];
}

const STOP = new Set([
  'the',
  'of',
  'for',
  'and',
  'de',
  'la',
  'le',
  'les',
  'des',
  'a',
  'an',
  'on',
  'in',
]);

export function normalise(name: string): string {
  return fold(name)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((w) => w && !STOP.has(w))
    .join(' ');
}

function initials(name: string): string {
  return normalise(name)
    .split(' ')
    .map((w) => w[0])
    .join('');
}

/** 1 for equal strings, 0 for nothing in common (normalised Levenshtein). */
export function similarity(a: string, b: string): number {
  if (!a.length && !b.length) return 1;
  return 1 - distance(a, b) / Math.max(a.length, b.length);
}

export function likeness(a: Comparable, b: Comparable): Likeness {
  const found: Array<[number, string]> = [];
  const ids = new Set(a.identifiers.map((i) => `${i.scheme}:${i.value}`));
  const shared = b.identifiers.filter((i) => ids.has(`${i.scheme}:${i.value}`));
  if (shared.length)
    found.push([1, `same identifier ${shared.map((i) => `${i.scheme}:${i.value}`).join(', ')}`]);
  const na = normalise(a.name);
  const nb = normalise(b.name);
  if (na && na === nb) found.push([0.95, 'same name']);
  const namesA = new Set([na, ...a.aliases.map(normalise)]);
  const namesB = new Set([nb, ...b.aliases.map(normalise)]);
  if ([...namesA].some((n) => n && namesB.has(n)) && na !== nb)
    found.push([0.9, 'a name of one is an alias of the other']);
  const acrA = a.acronym ? fold(a.acronym) : null;
  const acrB = b.acronym ? fold(b.acronym) : null;
  if (
    (acrA && (acrA === acrB || acrA === initials(b.name) || namesB.has(acrA))) ||
    (acrB && (acrB === initials(a.name) || namesA.has(acrB)))
  ) {
    found.push([0.8, 'acronym matches']);
  }
  const s = similarity(na, nb);
  if (s >= 0.75 && na !== nb) found.push([0.9 * s, `similar names (${Math.round(s * 100)}%)`]);
  if (!found.length) return { score: 0, reasons: [] };
  found.sort((x, y) => y[0] - x[0]);
  return { score: Math.round(found[0][0] * 1000) / 1000, reasons: found.map(([, r]) => r) };
}

/** Properties after a merge: the kept entity's values win; its gaps are filled from the removed one; lists are joined. */
export function mergeProps(
  keep: Record<string, unknown>,
  remove: Record<string, unknown>,
  props: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of props) {
    const k = keep[p];
    const r = remove[p];
    if (Array.isArray(k) || Array.isArray(r))
      out[p] = [...new Set([...((k as unknown[]) ?? []), ...((r as unknown[]) ?? [])])];
    else if ((k === null || k === undefined || k === '') && r !== null && r !== undefined)
      out[p] = r;
  }
  return out;
}
