/**
 * Cypher for webhooks (cypher/queries/webhooks): the hooks admins register, the delivery
 * worker's lease and progress (src/live/webhooks.ts), and the delivery log.
 */
import { z } from 'zod';
import type { Tx } from './database';

export const WEBHOOK_STATUSES = ['ACTIVE', 'PAUSED', 'FAILING'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

const hookProps = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullish(),
  filterJson: z.string(),
  cursor: z.number().int(),
  status: z.enum(WEBHOOK_STATUSES),
  failures: z.number().int(),
  failingSince: z.string().nullish(),
  nextAttemptAt: z.string().nullish(),
  lastError: z.string().nullish(),
  lastDeliveryAt: z.string().nullish(),
  /** Until when the secret before the last rotation still signs, next to the new one. */
  previousSecretUntil: z.string().nullish(),
  /** How many times replayWebhook moved the hook (0: never). */
  replays: z.number().int().nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const hookRow = z.object({ hook: hookProps });
const checkedRow = hookRow.extend({ visible: z.number().int(), floor: z.number().int() });
const dueRow = z.object({
  id: z.string(),
  leaseOwner: z.string().nullish(),
  leaseUntil: z.string().nullish(),
  updatedAt: z.string(),
});
const claimRow = z.object({
  hook: z.object({
    id: z.string(),
    url: z.string(),
    filterJson: z.string(),
    secret: z.string(),
    cursor: z.number().int(),
    failures: z.number().int(),
    failingSince: z.string().nullish(),
    updatedAt: z.string(),
    previousSecret: z.string().nullish(),
    previousSecretUntil: z.string().nullish(),
    replays: z.number().int(),
  }),
});
const recordRow = z.object({
  cursor: z.number().int(),
  status: z.enum(WEBHOOK_STATUSES),
  updatedAt: z.string(),
});
const countRow = z.object({ total: z.number().int() });
const deliveryRow = z.object({
  delivery: z.object({
    id: z.string(),
    hookId: z.string(),
    messageId: z.string(),
    changeId: z.string(),
    seq: z.number().int(),
    attempt: z.number().int(),
    /** The replay the attempt belongs to (0: before any replay; absent on attempts logged before replays were numbered). */
    replay: z.number().int().nullish(),
    at: z.string(),
    ok: z.boolean(),
    statusCode: z.number().int().nullish(),
    error: z.string().nullish(),
    durationMs: z.number().int(),
    nextAttemptAt: z.string().nullish(),
  }),
});
const pruneRow = z.object({ pruned: z.number().int() });

export type WebhookRecord = z.infer<typeof hookProps>;
export type ClaimedHook = z.infer<typeof claimRow>['hook'];
export type DeliveryRecord = z.infer<typeof deliveryRow>['delivery'];

/** One attempt to log with its outcome (record). */
export interface AttemptLog {
  id: string;
  messageId: string;
  changeId: string;
  seq: number;
  attempt: number;
  statusCode: number | null;
  durationMs: number;
}

export interface Outcome {
  id: string;
  owner: string;
  /** The cursor the attempt read from: the outcome counts only if the hook is still there. */
  from: number;
  /** The replay number the attempt read under: likewise. */
  replay: number;
  /** Where the cursor goes on success. */
  end: number;
  ok: boolean;
  error: string | null;
  nextAttemptAt: string | null;
  giveUp: boolean;
  /** A failure of a hook failing since then or earlier gives up too. */
  giveUpBefore: string;
  attempt: AttemptLog | null;
  now: string;
  /** The lease, renewed. */
  until: string;
}

export const webhookRepository = {
  async create(
    tx: Tx,
    hook: {
      id: string;
      url: string;
      description: string | null;
      filterJson: string;
      secret: string;
      after: number | null;
      now: string;
    },
  ) {
    const [row] = await tx.run('webhooks/create', hook);
    return checkedRow.parse(row);
  },

  async list(tx: Tx): Promise<WebhookRecord[]> {
    return (await tx.run('webhooks/list')).map((r) => hookRow.parse(r).hook);
  },

  async get(tx: Tx, id: string): Promise<WebhookRecord | null> {
    const [row] = await tx.run('webhooks/get', { id });
    return row ? hookRow.parse(row).hook : null;
  },

  async setStatus(
    tx: Tx,
    id: string,
    status: WebhookStatus,
    now: string,
  ): Promise<WebhookRecord | null> {
    const [row] = await tx.run('webhooks/set-status', { id, status, now });
    return row ? hookRow.parse(row).hook : null;
  },

  async replay(tx: Tx, id: string, after: number, now: string) {
    const [row] = await tx.run('webhooks/replay', { id, after, now });
    return row ? checkedRow.parse(row) : null;
  },

  async rotateSecret(
    tx: Tx,
    id: string,
    secret: string,
    now: string,
    previousUntil: string | null,
  ): Promise<WebhookRecord | null> {
    const [row] = await tx.run('webhooks/rotate-secret', { id, secret, now, previousUntil });
    return row ? hookRow.parse(row).hook : null;
  },

  async remove(tx: Tx, id: string): Promise<boolean> {
    return (await tx.run('webhooks/delete', { id })).length > 0;
  },

  async due(tx: Tx, now: string) {
    return (await tx.run('webhooks/due', { now })).map((r) => dueRow.parse(r));
  },

  async claim(
    tx: Tx,
    id: string,
    owner: string,
    now: string,
    until: string,
  ): Promise<ClaimedHook | null> {
    const [row] = await tx.run('webhooks/claim', { id, owner, now, until });
    return row ? claimRow.parse(row).hook : null;
  },

  async release(tx: Tx, id: string, owner: string): Promise<void> {
    await tx.run('webhooks/release', { id, owner });
  },

  /** The outcome of one attempt; null when the lease was lost or the cursor moved meanwhile. */
  async record(tx: Tx, o: Outcome) {
    const [row] = await tx.run('webhooks/record', { ...o });
    return row ? recordRow.parse(row) : null;
  },

  async deliveries(
    tx: Tx,
    hookId: string,
    limit: number,
    before: { at: string; id: string } | null,
  ): Promise<DeliveryRecord[]> {
    const rows = await tx.run('webhooks/deliveries', {
      hookId,
      limit,
      beforeAt: before?.at ?? null,
      beforeId: before?.id ?? null,
    });
    return rows.map((r) => deliveryRow.parse(r).delivery);
  },

  async deliveriesCount(tx: Tx, hookId: string): Promise<number> {
    const [row] = await tx.run('webhooks/deliveries-count', { hookId });
    return row ? countRow.parse(row).total : 0;
  },

  async prune(tx: Tx, before: string, batch: number): Promise<number> {
    const [row] = await tx.run('webhooks/prune', { before, batch });
    return row ? pruneRow.parse(row).pruned : 0;
  },
};
