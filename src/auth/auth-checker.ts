/**
 * The one authChecker behind @Authorized: roles are ordered (viewer < editor < admin),
 * and a field that needs a role fails with UNAUTHENTICATED for anonymous callers and
 * FORBIDDEN for callers whose role is too low. Callers are identified by API keys (src/auth/api-keys.ts).
 */
import type { AuthChecker } from 'type-graphql';
import type { Caller, Context } from '../context';
import { AppError, ErrorCode } from '../errors';

const RANK: Record<Caller['role'], number> = { anonymous: 0, viewer: 1, editor: 2, admin: 3 };

export const authChecker: AuthChecker<Context> = ({ context }, roles) => {
  const role = context.caller.role;
  if (roles.length === 0) return role !== 'anonymous';
  const needed = Math.min(...roles.map((r) => RANK[r as Caller['role']] ?? Infinity));
  if (RANK[role] >= needed) return true;
  if (role === 'anonymous') throw new AppError(ErrorCode.UNAUTHENTICATED, `Sign in as ${roles.join(' or ')} to use this field.`);
  throw new AppError(ErrorCode.FORBIDDEN, `Your role (${role}) may not use this field; it needs ${roles.join(' or ')}.`);
};
