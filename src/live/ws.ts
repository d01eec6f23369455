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
import { CloseCode, handleProtocols, makeServer } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
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
const CLOSE_TOO_MANY = 4429;
/** The key could not be checked: the database is away (not a refusal of the key). */
const CLOSE_UNAVAILABLE = 4503;
const UNAVAILABLE_REASON = 'The database is not reachable; retry later';

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

/** Socket errors of a client that went away (a write after it hung up): expected, logged at debug. */
const GONE = new Set(['EPIPE', 'ECONNRESET', 'ECONNABORTED', 'ERR_STREAM_DESTROYED']);
const clientGone = (err: unknown) =>
  err instanceof Error && GONE.has((err as NodeJS.ErrnoException).code ?? '');

/** How long shutdown waits for the subscriptions' `complete` messages and the sockets' close handshakes. */
const SHUTDOWN_WAIT_MS = 2000;

export function startLiveServer(deps: LiveServerDeps) {
  const { config, logger } = deps;
  const wss = new WebSocketServer({
    server: deps.httpServer,
    path: '/graphql',
    maxPayload: config.live.maxMessageBytes,
  });
  const states = new WeakMap<object, ConnectionState>();
  const perKey = new Map<string, Set<string>>();
  const perAddress = new Map<string, number>();
  // Open sockets per client address, keyed or not (WS_MAX_CONNECTIONS_PER_ADDRESS): one over the
  // limit is closed before graphql-ws reads a message from it.
  wss.on('connection', (socket, request) => {
    const address = request.socket.remoteAddress ?? 'unknown';
    const open = (perAddress.get(address) ?? 0) + 1;
    perAddress.set(address, open);
    socket.once('close', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
    if (open > config.live.maxConnectionsPerAddress)
      socket.close(
        CLOSE_TOO_MANY,
        `At most ${config.live.maxConnectionsPerAddress} connections per client address (WS_MAX_CONNECTIONS_PER_ADDRESS)`,
      );
  });

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

  const logSocketError = (err: unknown, what: string) => {
    if (clientGone(err)) logger.debug({ err }, `WebSocket: ${what} (the client went away)`);
    else logger.error({ err }, `WebSocket: ${what}`);
  };

  const server = makeServer<Record<string, unknown> | undefined, Extra>({
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
                ctx.extra.socket.close(CLOSE_FORBIDDEN, 'The API key changed role: connect again.');
            },
            (err: unknown) => {
              if (err instanceof AppError && err.code === ErrorCode.UNAUTHENTICATED)
                ctx.extra.socket.close(CLOSE_FORBIDDEN, limitReason(err.message));
            },
          );
        }, KEY_CACHE_MS);
        s.recheck.unref();
      } catch (err) {
        // A refused key is 4403; a key that could not be checked (Neo4j away) is not refused.
        if (!(err instanceof AppError) || err.code === ErrorCode.SERVICE_UNAVAILABLE)
          ctx.extra.socket.close(CLOSE_UNAVAILABLE, UNAVAILABLE_REASON);
        else ctx.extra.socket.close(CLOSE_FORBIDDEN, limitReason(err.message));
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
      const errors = validate(deps.schema, document, [...specifiedRules, ...deps.validationRules]);
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
  });

  // The glue between ws and graphql-ws (as graphql-ws/use/ws, whose errors go to console.error):
  // socket errors of clients that went away are logged at debug, others at error; shutdown
  // completes every subscription before it closes the sockets.
  wss.options.handleProtocols = handleProtocols;
  /** Open sockets, with the `extra` that graphql-ws's hooks (and stateOf) know them by. */
  const sockets = new Map<WebSocket, Extra>();
  wss.on('connection', (socket, request) => {
    const extra: Extra = { socket, request };
    sockets.set(socket, extra);
    socket.on('error', (err) => {
      logSocketError(err, 'socket error');
      // A no-op when ws is closing it already (a message over the size limit: 1009).
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    // Pings (0 turns them off): a client that does not answer within the interval is dropped.
    let pongWait: NodeJS.Timeout | null = null;
    const keepAlive = config.live.keepAliveMs;
    const pinger =
      keepAlive > 0
        ? setInterval(() => {
            if (socket.readyState !== WebSocket.OPEN) return;
            pongWait = setTimeout(() => socket.terminate(), keepAlive);
            socket.once('pong', () => {
              if (pongWait) clearTimeout(pongWait);
              pongWait = null;
            });
            socket.ping();
          }, keepAlive)
        : null;
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve) => {
            if (socket.readyState !== WebSocket.OPEN) return resolve();
            socket.send(data, (err) => {
              if (err) logSocketError(err, 'sending failed');
              resolve();
            });
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on('message', (data) => {
            const text = Buffer.isBuffer(data)
              ? data.toString('utf8')
              : Array.isArray(data)
                ? Buffer.concat(data).toString('utf8')
                : Buffer.from(data).toString('utf8');
            cb(text).catch((err: unknown) => {
              logSocketError(err, 'handling a message failed');
              if (socket.readyState === WebSocket.OPEN)
                socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => {
      sockets.delete(socket);
      if (pongWait) clearTimeout(pongWait);
      if (pinger) clearInterval(pinger);
      void closed(code, String(reason));
    });
  });
  wss.on('error', (err) => logger.warn({ err }, 'WebSocket server error'));

  let disposed: Promise<void> | null = null;
  return {
    wss,
    /** As `shutdown`, once however often it is called (server.stop and Apollo's drain both call it). */
    dispose(): Promise<void> {
      disposed ??= shutdown();
      return disposed;
    },
  };

  /**
   * Ends every subscription (each client gets `complete` for each), then closes every socket
   * with 1001 (Going away) and waits for the close handshakes (briefly), then the WebSocket server.
   */
  async function shutdown(): Promise<void> {
    // Every open subscription gets its `complete` now, and every socket its 1001, in this turn,
    // before anything is awaited: Apollo's HTTP drain (its drainServer runs right after ours)
    // destroys the upgraded sockets as idle connections, and a socket destroyed first closes
    // with 1006. graphql-ws's own `complete` then finds the socket closing.
    const closing: Array<Promise<void>> = [];
    for (const [socket, extra] of sockets) {
      if (socket.readyState !== WebSocket.OPEN) continue;
      for (const id of states.get(extra)?.subscriptions ?? [])
        socket.send(JSON.stringify({ id, type: 'complete' }));
      closing.push(new Promise<void>((resolve) => socket.once('close', () => resolve())));
      socket.close(1001, 'Going away');
    }
    await deps.hub.stop();
    await Promise.race([
      Promise.all(closing),
      new Promise((r) => setTimeout(r, SHUTDOWN_WAIT_MS).unref()),
    ]);
    for (const socket of sockets.keys()) socket.terminate();
    wss.removeAllListeners();
    await new Promise<void>((resolve, reject) =>
      wss.close((err) => (err ? reject(err) : resolve())),
    );
  }
}
