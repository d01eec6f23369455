/**
 * What the drawing knows of the model: the entity types, tie types and roles come from the
 * service's one model spec (src/domain/spec.ts, bundled in, data only); this file adds only
 * how each looks. A type the spec gains without a look here is drawn in grey.
 */
import { ENTITIES, TIES } from '../../src/domain/spec';
import { ENGAGEMENT_ROLE_WEIGHT, PARTICIPATION_ROLE_WEIGHT } from '../../src/domain/network';
import { TieType } from '../../src/domain/vocabulary';

export const ENTITY_TYPES: readonly string[] = ENTITIES.map((e) => e.type);
export const TIE_TYPES: readonly string[] = TIES.map((t) => t.type);
export const TIE_SPECS = TIES;
export const TIE_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  TIES.map((t) => [t.type, t.name]),
);
/** Tie types whose ties need a viewer key (who works where). */
export const PERSONAL_TIES: ReadonlySet<string> = new Set(
  TIES.filter((t) => t.personal).map((t) => t.type),
);
export const ROLES: readonly string[] = [
  ...new Set(TIES.flatMap((t) => (t.roles ? t.roles.values : []))),
].sort();
export const ENGAGEMENT_ROLES: readonly string[] =
  TIES.find((t) => t.type === TieType.ENGAGES_IN)?.roles?.values ?? [];

export interface NodeLook {
  colour: string;
  shape: string;
}
/** Colour and shape both differ, so the legend does not depend on colour vision. */
export const NODE_LOOK: Readonly<Record<string, NodeLook>> = {
  Organisation: { colour: '#1f6fb4', shape: 'ellipse' },
  Person: { colour: '#2b8a3e', shape: 'diamond' },
  Forum: { colour: '#d9480f', shape: 'round-rectangle' },
  Event: { colour: '#7048e8', shape: 'hexagon' },
  Instrument: { colour: '#8d5524', shape: 'rectangle' },
  Topic: { colour: '#c2255c', shape: 'triangle' },
};
export const UNKNOWN_LOOK: NodeLook = { colour: '#868e96', shape: 'ellipse' };

export interface EdgeLook {
  colour: string;
  line: 'solid' | 'dashed' | 'dotted';
}
export const EDGE_LOOK: Readonly<Record<string, EdgeLook>> = {
  ENGAGES_IN: { colour: '#d9480f', line: 'solid' },
  AFFILIATED_WITH: { colour: '#2b8a3e', line: 'dashed' },
  MEMBER_OF: { colour: '#1f6fb4', line: 'solid' },
  PARTICIPATES_IN: { colour: '#7048e8', line: 'dotted' },
  PART_OF: { colour: '#868e96', line: 'dashed' },
  ADOPTED: { colour: '#8d5524', line: 'solid' },
  WORKS_ON: { colour: '#c2255c', line: 'dotted' },
};

/** Ties in a leading role (host, chair, organiser...: the ally score's weight 2 or more) are drawn thicker. */
export function leadingRole(role: string | null | undefined): boolean {
  if (!role) return false;
  return (ENGAGEMENT_ROLE_WEIGHT[role] ?? PARTICIPATION_ROLE_WEIGHT[role] ?? 1) >= 2;
}

/** "CO_CHAIR" as "co-chair", for labels. */
export function words(constant: string): string {
  return constant.toLowerCase().replace(/_/g, '-');
}

export function period(since?: string | null, until?: string | null): string {
  if (!since && !until) return '';
  return `${since ?? '…'}–${until ?? '…'}`;
}
