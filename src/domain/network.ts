/**
 * Pure rules of the network questions, testable by hand: how allies are scored.
 *
 * Ally score (a weighted Adamic-Adar index over the organisation–forum and
 * organisation–event graphs): for every forum both organisations engage in,
 *   weight(own role) × weight(ally's role) / ln(1 + organisations in that forum),
 * summed; events add the same with their own role weights, times EVENT_FACTOR. Sharing a
 * small forum says more than sharing a huge one (the Adamic-Adar damping), and sharing it
 * as host or chair says more than as observer (the role weights).
 */

export const ENGAGEMENT_ROLE_WEIGHT: Readonly<Record<string, number>> = {
  HOST: 3,
  SECRETARIAT: 3,
  CHAIR: 3,
  CO_CHAIR: 2.5,
  FOUNDER: 2.5,
  COORDINATOR: 2,
  MEMBER: 1.5,
  CONTRIBUTOR: 1.5,
  PARTICIPANT: 1,
  OTHER: 1,
  OBSERVER: 0.5,
};

export const PARTICIPATION_ROLE_WEIGHT: Readonly<Record<string, number>> = {
  ORGANISER: 2,
  CO_ORGANISER: 2,
  HOST: 2,
  SPONSOR: 1.5,
  SPEAKER: 1.5,
  MODERATOR: 1.5,
  PANELLIST: 1.5,
  PARTICIPANT: 1,
  OTHER: 1,
};

/** A shared event counts half as much as a shared forum: a meeting is a weaker tie than a standing seat. */
export const EVENT_FACTOR = 0.5;

export interface SharedRow {
  ally: string;
  shared: string;
  ownRoles: string[];
  allyRoles: string[];
  /** Organisations engaging in the forum (or taking part in the event), both included. */
  size: number;
}

export interface AllyScore {
  ally: string;
  score: number;
  sharedFora: string[];
  sharedEvents: string[];
}

const best = (roles: string[], weights: Readonly<Record<string, number>>) =>
  Math.max(...roles.map((r) => weights[r] ?? 1));

export function sharedWeight(row: SharedRow, weights: Readonly<Record<string, number>>): number {
  return (
    (best(row.ownRoles, weights) * best(row.allyRoles, weights)) /
    Math.log(1 + Math.max(2, row.size))
  );
}

/** Ranks allies by score (ties broken by key, so the order is stable); never includes `of`. */
export function scoreAllies(of: string, fora: SharedRow[], events: SharedRow[]): AllyScore[] {
  const byAlly = new Map<string, AllyScore>();
  const entry = (ally: string) => {
    let e = byAlly.get(ally);
    if (!e) byAlly.set(ally, (e = { ally, score: 0, sharedFora: [], sharedEvents: [] }));
    return e;
  };
  for (const row of fora) {
    if (row.ally === of) continue;
    const e = entry(row.ally);
    e.score += sharedWeight(row, ENGAGEMENT_ROLE_WEIGHT);
    e.sharedFora.push(row.shared);
  }
  for (const row of events) {
    if (row.ally === of) continue;
    const e = entry(row.ally);
    e.score += EVENT_FACTOR * sharedWeight(row, PARTICIPATION_ROLE_WEIGHT);
    e.sharedEvents.push(row.shared);
  }
  return [...byAlly.values()]
    .map((e) => ({ ...e, score: Math.round(e.score * 1e6) / 1e6 }))
    .sort((a, b) => b.score - a.score || a.ally.localeCompare(b.ally));
}
