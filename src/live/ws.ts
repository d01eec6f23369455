/**
 * GraphQL subscriptions over WebSocket (the graphql-transport-ws protocol of `graphql-ws`, with
 * `ws`), on the HTTP server's port and path /graphql. Only subscriptions: queries and mutations go
 * over HTTP, where their limits and rate limits apply. The API key travels in connection_init
 * (`{"authorization": "Bearer sg_..."}`); roles are those of HTTP requests. Limits: subscriptions
 * per connection and per key, message size (ws's maxPayload: a larger message closes the socket
 * with 1009), an idle timeout for a connection without subscriptions, keep-alive pings.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  OperationTypeNode,
  ValidationRule,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { type Authenticator, KEY_CACHE_MS, presentedKey } from '../auth/api-keys';
import type { Config } from '../config';
import type { Caller, Context } from '../context';
import { AppError, ErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { LiveHub } from './hub';

export interface LiveServerDeps {
  httpServer: http.Server;
  schema: GraphQLSchema;
  config: Readonly<Config>;
  logger: Logger;
  authenticator: Authenticator;
  hub: LiveHub;
  /** A request context for a subscription (createContext in src/server.ts). */
  context: (requestId: string, caller: Caller) => Context;
  /** Formats every error a client gets (createErrorFormatter). */
  formatError: (formatted: ReturnType<GraphQLError['toJSON']>, error: unknown) => object;
  validationRules: ValidationRule[];
  maxTokens: number;
}

interface ConnectionState {
  id: string;
  caller?: Caller;
  /** Who counts for the per-key limit: a hash of the key. */
  keyId?: string;
  subscriptions: Set<string>;
  idle?: NodeJS.Timeout;
  /** Checks the key again every KEY_CACHE_MS. */
  recheck?: NodeJS.Timeout;
}

/** Close codes of the protocol (graphql-ws CloseCode) and ours in the 4000s for the limits. */
const CLOSE_FORBIDDEN = 4403;
const CLOSE_IDLE = 4408;

/**
 * A document's problem with graphql-js's code, as Apollo gives it over HTTP, so that the one
 * error formatter answers it BAD_USER_INPUT rather than as an unexpected error.
 */
const coded = (e: GraphQLError, code: string) =>
  new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    originalError: e.originalError,
    extensions: { ...e.extensions, code: e.extensions.code ?? code },
  });

const limitReason = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}...` : text);

export function startLiveServer(deps: LiveServerDeps) {
  const { config, logger } = deps;
  const wss = new WebSocketServer({
    server: deps.httpServer,
    path: '/graphql',
    maxPayload: config.live.maxMessageBytes,
  });
  const states = new WeakMap<object, ConnectionState>();
  const perKey = new Map<string, Set<string>>();

  const stateOf = (extra: object): ConnectionState => {
    let s = states.get(extra);
    if (!s) {
      s = { id: crypto.randomUUID(), subscriptions: new Set() };
      states.set(extra, s);
    }
    return s;
  };
  const release = (s: ConnectionState, id: string) => {
    s.subscriptions.delete(id);
    if (s.keyId) {
      const set = perKey.get(s.keyId);
      set?.delete(`${s.id}/${id}`);
      if (set && !set.size) perKey.delete(s.keyId);
    }
  };
  const armIdle = (s: ConnectionState, socket: { close(code: number, reason: string): void }) => {
    if (s.idle) clearTimeout(s.idle);
    s.idle = undefined;
    if (config.live.idleTimeoutMs <= 0 || s.subscriptions.size) return;
    s.idle = setTimeout(
      () =>
        socket.close(
          CLOSE_IDLE,
          `Idle: no subscription for ${config.live.idleTimeoutMs / 1000} s (WS_IDLE_TIMEOUT_S)`,
        ),
      config.live.idleTimeoutMs,
    );
    s.idle.unref();
  };
  const problem = (code: ErrorCode, message: string) => [new AppError(code, message)];

  const cleanup = useServer(
    {
      schema: deps.schema,
      connectionInitWaitTimeout: 5000,
      onConnect: async (ctx) => {
        const s = stateOf(ctx.extra);
        const given = ctx.connectionParams?.authorization;
        try {
          const caller = await deps.authenticator.authenticate(
            typeof given === 'string' ? given : undefined,
          );
          // Every subscription needs a viewer key (docs/live.md), so an anonymous connection could
          // only hold a socket open: refused here, before it costs anything.
          if (caller.role === 'anonymous' || typeof given !== 'string')
            throw new AppError(
              ErrorCode.UNAUTHENTICATED,
              'Subscriptions need an API key (viewer or above): send {"authorization": "Bearer <key>"} in connection_init.',
            );
          s.caller = caller;
          // The key itself, however the header spells "Bearer": one key, one count.
          s.keyId = crypto
            .createHash('sha256')
            .update(presentedKey(given) ?? given)
            .digest('hex');
          // A key revoked (or changed in role) while connected ends the connection within the
          // key cache's time, as it would end HTTP access.
          s.recheck = setInterval(() => {
            deps.authenticator.authenticate(given).then(
              (now) => {
                if (now.role !== caller.role)
                  ctx.extra.socket.close(
                    CLOSE_FORBIDDEN,
                    'The API key changed role: connect again.',
                  );
              },
              (err: unknown) => {
                if (err instanceof AppError && err.code === ErrorCode.UNAUTHENTICATED)
                  ctx.extra.socket.close(CLOSE_FORBIDDEN, limitReason(err.message));
              },
            );
          }, KEY_CACHE_MS);
          s.recheck.unref();
        } catch (err) {
          const message =
            err instanceof AppError ? err.message : 'Could not check the API key; retry shortly.';
          ctx.extra.socket.close(CLOSE_FORBIDDEN, limitReason(message));
          return false;
        }
        armIdle(s, ctx.extra.socket);
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        const s = stateOf(ctx.extra);
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: deps.maxTokens });
        } catch (err) {
          return [
            coded(
              err instanceof GraphQLError ? err : new GraphQLError(String(err)),
              'GRAPHQL_PARSE_FAILED',
            ),
          ];
        }
        const errors = validate(deps.schema, document, [
          ...specifiedRules,
          ...deps.validationRules,
        ]);
        if (errors.length) return errors.map((e) => coded(e, 'GRAPHQL_VALIDATION_FAILED'));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation)
          return problem(ErrorCode.BAD_USER_INPUT, 'Name the operation to run (operationName).');
        if (operation.operation !== OperationTypeNode.SUBSCRIPTION)
          return problem(
            ErrorCode.BAD_USER_INPUT,
            'Only subscriptions are served over WebSocket; send queries and mutations as HTTP POST to /graphql.',
          );
        if (s.subscriptions.size >= config.live.maxSubscriptionsPerConnection)
          return problem(
            ErrorCode.BAD_USER_INPUT,
            `At most ${config.live.maxSubscriptionsPerConnection} subscriptions per connection (WS_MAX_SUBSCRIPTIONS_PER_CONNECTION): complete one first.`,
          );
        const keyed = perKey.get(s.keyId!) ?? new Set<string>();
        if (keyed.size >= config.live.maxSubscriptionsPerKey)
          return problem(
            ErrorCode.BAD_USER_INPUT,
            `At most ${config.live.maxSubscriptionsPerKey} subscriptions per API key across connections (WS_MAX_SUBSCRIPTIONS_PER_KEY): complete one first.`,
          );
        s.subscriptions.add(id);
        keyed.add(`${s.id}/${id}`);
        perKey.set(s.keyId!, keyed);
        armIdle(s, ctx.extra.socket);
        const requestId = crypto.randomUUID();
        return {
          schema: deps.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: { ...deps.context(requestId, s.caller!), live: deps.hub },
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        return {
          ...result,
          errors: result.errors.map((e) => deps.formatError(e.toJSON(), e)),
        } as never;
      },
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((e) => deps.formatError(e.toJSON(), e)) as never,
      onComplete: (ctx, id) => {
        const s = stateOf(ctx.extra);
        release(s, id);
        armIdle(s, ctx.extra.socket);
      },
      onClose: (ctx) => {
        const s = stateOf(ctx.extra);
        for (const id of [...s.subscriptions]) release(s, id);
        if (s.idle) clearTimeout(s.idle);
        if (s.recheck) clearInterval(s.recheck);
      },
    },
    wss,
    // 0 turns the pings off (graphql-ws pings only for a positive, finite interval).
    config.live.keepAliveMs,
  );
  wss.on('error', (err) => logger.warn({ err }, 'WebSocket server error'));

  return {
    wss,
    /** Ends every subscription (complete), closes every socket (1001 Going away) and the WebSocket server. */
    async dispose(): Promise<void> {
      await deps.hub.stop();
      await cleanup.dispose();
    },
  };
}
