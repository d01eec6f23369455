/** Text rules shared by slugs, sorting and search: lower case with accents folded. */

export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** "Médecins Sans Frontières (MSF)" → "medecins-sans-frontieres-msf". */
export function slugify(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The key names are sorted and prefix-filtered by. */
export function sortName(name: string): string {
  return fold(name).replace(/\s+/g, ' ').trim();
}

/**
 * What the full-text index reads besides the name: name, acronym and aliases in one string.
 * Every writer of entities (API, import, demo network, merge, generator) uses this, so that
 * search finds an entity the same way however it got into the graph.
 */
export function searchText(name: string, acronym: unknown, aliases: readonly string[]): string {
  return [name, typeof acronym === 'string' ? acronym : '', ...aliases].filter(Boolean).join(' | ');
}

/**
 * Aliases an entity may carry. Published data has parties with hundreds of names in many
 * languages (EveryPolitician's "Independent" has well over 100); 1,000 leaves room for those
 * while keeping an entity's search text (name, acronym and aliases in one indexed string, at
 * most 300 characters each) well below what the full-text index handles quickly.
 */
export const MAX_ALIASES = 1000;
export const MAX_ALIAS_LENGTH = 300;

/**
 * The form two aliases share when they are one spelling: Unicode compatibility form (NFKC),
 * white space collapsed, case folded. Accents stay: "Alands Framtid" and "Ålands Framtid"
 * are two spellings, "ÅLANDS  framtid" is the second again.
 */
export function aliasKey(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Aliases as stored: trimmed, white space collapsed, composed (NFC), each spelling once (the
 * first written wins) and none that is the name itself. Every writer (API, import) uses this.
 */
export function distinctAliases(aliases: readonly string[], name?: string | null): string[] {
  const seen = new Set<string>(name ? [aliasKey(name)] : []);
  const out: string[] = [];
  for (const a of aliases) {
    const s = a.normalize('NFC').replace(/\s+/g, ' ').trim();
    const k = aliasKey(s);
    if (!s || seen.has(k)) continue;
    seen.add(k);
    out.push(s);
  }
  return out;
}

/** Lucene's special characters, escaped so that user text is always searched literally. */
const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;
export function escapeLucene(term: string): string {
  return term.replace(LUCENE_SPECIAL, (c) => `\\${c}`);
}

/**
 * The English stop words the index's analyzer (standard-folding) leaves out. Fuzzy and
 * prefix terms are not analysed, so "for~" would demand a word the index never stored:
 * they are dropped from queries too, unless the text has nothing else.
 */
const STOP_WORDS = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(
    ' ',
  ),
);

/**
 * A full-text query from user text: every word must match, exactly (boosted), as a
 * prefix, or within an edit distance (typos). Words are folded like the index folds
 * them and stripped of control characters; nothing the user types is Lucene syntax.
 */
export function searchQuery(text: string): string | null {
  const words = fold(text)
    .replace(/[\u0000-\u001f]/g, ' ')
    // Apostrophes stay inside words, as the index's analyser keeps them ("o'brien").
    .split(/[^\p{L}\p{N}'\u2019]+/u)
    .map((w) => w.replace(/^['\u2019]+|['\u2019]+$/g, ''))
    .filter(Boolean)
    .slice(0, 12)
    .map((w) => w.slice(0, 50));
  if (!words.length) return null;
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  return (meaningful.length ? meaningful : words)
    .map((w) => {
      const e = escapeLucene(w);
      const fuzzy = w.length >= 4 ? ` OR ${e}~${w.length >= 7 ? 2 : 1}` : '';
      return `(${e}^4 OR ${e}*^2${fuzzy})`;
    })
    .join(' AND ');
}

/**
 * Characters an address may not hold: controls (C0, DEL, C1) and the bidirectional marks,
 * embeddings, overrides and isolates. A right-to-left override makes
 * `http://evil.example/\u202Egnp.exe` read as ".exe" disguised as "exe.png"; no real address
 * needs one typed out (a browser percent-encodes them, %E2%80%AE).
 */
export const URL_UNSAFE_CHARS =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** What a refused address is told, for a field name. */
export const urlUnsafeMessage = (field: string) =>
  `${field} may not hold control or bidirectional characters (such as U+202E, right-to-left override): remove them or percent-encode them (%E2%80%AE)`;
/** The same rule as a whole-string pattern, for class-validator's Matches. */
export const URL_SAFE =
  /^[^\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]*$/;
