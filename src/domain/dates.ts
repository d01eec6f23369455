/**
 * Partial dates, as in Popolo: "2006", "2017-11" or "2018-05-20". A partial date
 * stands for its whole period: "2017-11" runs from 1 to 30 November 2017.
 */
const PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Null when the text is not a real partial date (bad shape, month 13, 30 February). */
export function parsePartialDate(
  text: string,
): { year: number; month?: number; day?: number } | null {
  const m = PARTIAL.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (year < 1000) return null;
  if (month !== undefined && (month < 1 || month > 12)) return null;
  if (day !== undefined && (day < 1 || day > daysIn(year, month!))) return null;
  return { year, month, day };
}

export function isPartialDate(text: string): boolean {
  return parsePartialDate(text) !== null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** First day of the period, YYYY-MM-DD. */
export function periodStart(text: string): string {
  const p = parsePartialDate(text);
  if (!p) throw new Error(`not a partial date: ${text}`);
  return `${p.year}-${pad(p.month ?? 1)}-${pad(p.day ?? 1)}`;
}

/** Last day of the period, YYYY-MM-DD. */
export function periodEnd(text: string): string {
  const p = parsePartialDate(text);
  if (!p) throw new Error(`not a partial date: ${text}`);
  const month = p.month ?? 12;
  return `${p.year}-${pad(month)}-${pad(p.day ?? daysIn(p.year, month))}`;
}

/**
 * A tie may not end before it starts. Partial dates compare by period: until "2017"
 * with since "2017-06" is fine (the year contains June), until "2016" is not.
 */
export function untilBeforeSince(
  since: string | null | undefined,
  until: string | null | undefined,
): boolean {
  if (!since || !until) return false;
  return periodEnd(until) < periodStart(since);
}
