/**
 * Who may read what. The one authChecker behind @Authorized: roles are ordered
 * (viewer < editor < admin), and a field that needs a role fails with UNAUTHENTICATED for
 * anonymous callers and FORBIDDEN for callers whose role is too low. The same check
 * (requireRole) guards what a decorator cannot express: personal ties as a whole type, and
 * the onBehalfOf of a person's engagement. Callers are identified by API keys (src/auth/api-keys.ts).
 */
import type { AuthChecker } from 'type-graphql';
import type { Caller, Context } from '../context';
import { EntityType, TieType } from '../domain/model';
import { PERSONAL_ROLE, TIES } from '../domain/spec';
import type { TieRecord } from '../domain/records';
import { AppError, ErrorCode } from '../errors';

type Role = Caller['role'];
const RANK: Record<Role, number> = { anonymous: 0, viewer: 1, editor: 2, admin: 3 };

export function hasRole(caller: Caller, role: Exclude<Role, 'anonymous'>): boolean {
  return RANK[caller.role] >= RANK[role];
}

/** Passes when the caller holds one of `roles` or a higher one; otherwise throws UNAUTHENTICATED (no key) or FORBIDDEN. */
export function requireRole(
  caller: Caller,
  roles: readonly string[],
  what = 'use this field',
): void {
  const needed = Math.min(...roles.map((r) => RANK[r as Role] ?? Infinity));
  if (RANK[caller.role] >= needed) return;
  if (caller.role === 'anonymous')
    throw new AppError(ErrorCode.UNAUTHENTICATED, `Sign in as ${roles.join(' or ')} to ${what}.`);
  throw new AppError(
    ErrorCode.FORBIDDEN,
    `Your role (${caller.role}) may not ${what}; it needs ${roles.join(' or ')}.`,
  );
}

export const authChecker: AuthChecker<Context> = ({ context }, roles) => {
  if (roles.length === 0) return context.caller.role !== 'anonymous';
  requireRole(context.caller, roles);
  return true;
};

/**
 * Who works where is personal data. Ties of these types are readable only with this role or
 * above, as a whole (every field, even __typename) and by every path: node(id), the tie
 * fields that list them, the network questions, history and exports.
 */
export const PERSONAL_TIES: ReadonlySet<TieType> = new Set(
  TIES.filter((t) => t.personal).map((t) => t.type),
);
export { PERSONAL_ROLE };

export const seesPersonalTies = (caller: Caller): boolean => hasRole(caller, PERSONAL_ROLE);

/** The guard on a personal tie type as a whole: the same error as a field behind @Authorized('viewer'). */
export function requirePersonalTieReader(caller: Caller): void {
  requireRole(caller, [PERSONAL_ROLE], 'read affiliations (who works where, personal data)');
}

/**
 * The organisation a person acted for (onBehalfOf of a person's engagement or participation)
 * says where the person works, as an affiliation does: it needs the same role. It is refused
 * whether or not the tie names one, so that an anonymous caller does not learn that either.
 * For an organisation acting for another organisation it is public.
 */
export function requireOnBehalfOfReader(caller: Caller, tie: TieRecord): void {
  if (tie.fromType === EntityType.Person) {
    requireRole(
      caller,
      [PERSONAL_ROLE],
      'read whom a person acted for (onBehalfOf says where the person works, personal data)',
    );
  }
}
