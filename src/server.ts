/**
 * The HTTP service: Apollo Server on Express 5 at /graphql, GET /health (process alive),
 * GET /ready (Neo4j answers and migrations are applied), the network explorer at / and
 * /explore (src/http/web.routes.ts), request ids and logging, and a shutdown that drains
 * in-flight requests before closing.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Config } from './config';
import type { Caller, Context } from './context';
import { Authenticator } from './auth/api-keys';
import { seesPersonalTies } from './auth/auth-checker';
import { AppError, ErrorCode } from './errors';
import { createErrorFormatter } from './errors';
import { Database, QueryMeter, RequestReads } from './graph/database';
import { exportLinkFor, exportRoutes } from './http/export.routes';
import { ExportLinks, signedFilter } from './auth/export-links';
import { webRoutes } from './http/web.routes';
import { LiveHub } from './live/hub';
import { Sequencer } from './live/sequencer';
import { startLiveServer } from './live/ws';
import { WebhookWorker } from './live/webhooks';
import { specStatusCodes } from './http/graphql-over-http';
import { createLoaders } from './loaders';
import type { Logger } from './logger';
import { createServices } from './services';
import { FeedService } from './services/feed.service';
import { ReadPlanner } from './planner/planner';
import { requestLimits } from './security/limits';
import { ExpensiveOperationLimiter, LimitedContext, clientOf } from './security/rate-limit';
import {
  bodyErrorHandler,
  currentRequestId,
  notFoundHandler,
  requestScopeMiddleware,
  requiredFieldsByPath,
  wellFormedStrings,
} from './security/request-errors';

export interface ServerDeps {
  config: Readonly<Config>;
  logger: Logger;
  db: Database;
  schema: GraphQLSchema;
  /** Whether migrations are applied; /ready stays 503 until they are. */
  isMigrated: () => boolean;
}

export interface ServerOptions {
  /** Whether this process numbers changes for the feed (src/live/sequencer.ts); default true. */
  sequencer?: boolean;
  /** Whether this process delivers webhooks (src/live/webhooks.ts); default true. */
  webhooks?: boolean;
}

export interface RunningServer {
  httpServer: http.Server;
  /** The process's live hub (subscriptions) and sequencer. */
  hub: LiveHub;
  sequencer: Sequencer | null;
  /** The process's webhook delivery worker. */
  webhooks: WebhookWorker | null;
  url: string;
  port: number;
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function createContext(
  db: Database,
  logger: Logger,
  requestId: string,
  caller: Caller = { role: 'anonymous' },
  options: { planner?: boolean; allowHttpLocalhost?: boolean } = {},
): Context {
  const meter = new QueryMeter();
  const child = logger.child({ requestId });
  // Loaders, services and the read planner read through the request's one read transaction (RequestReads).
  const reads = new RequestReads(db, meter);
  const scoped = db.forRequest(reads);
  const loaders = createLoaders(scoped, meter);
  return {
    requestId,
    caller,
    logger: child,
    meter,
    reads,
    loaders,
    services: createServices(
      scoped,
      loaders,
      meter,
      { actor: caller.name ?? caller.role, requestId },
      caller,
      { allowHttpLocalhost: options.allowHttpLocalhost ?? false },
    ),
    planner: options.planner === false ? null : new ReadPlanner(scoped, meter, caller, child),
  };
}

export async function startServer(
  deps: ServerDeps,
  listen: { host: string; port: number },
  options: ServerOptions = {},
): Promise<RunningServer> {
  const { config, logger, db } = deps;
  const production = config.env === 'production';
  const app = express();
  app.disable('x-powered-by');
  const authenticator = new Authenticator(db);
  const exportLinks = new ExportLinks(db, config.exportLinks.secret, config.exportLinks.ttlSeconds);
  const httpServer = http.createServer(app);

  app.use((req, res, next) => {
    const given = req.header('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    next();
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/ready', async (_req, res) => {
    const migrated = deps.isMigrated();
    const database = await db.ping();
    const ready = migrated && database;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      database: database ? 'up' : 'down',
      migrations: migrated ? 'applied' : 'pending',
    });
  });

  // CORS for browser clients on the listed origins only (CORS_ORIGINS); none listed, no CORS headers.
  // Preflights are answered here, before /export's key check (a preflight carries no key).
  if (config.corsOrigins.length) {
    app.use(
      ['/graphql', '/export'],
      cors({
        origin: [...config.corsOrigins],
        methods: ['GET', 'POST', 'OPTIONS'],
        allowedHeaders: [
          'content-type',
          'authorization',
          'accept',
          'x-request-id',
          'apollo-require-preflight',
          'x-apollo-operation-name',
        ],
        exposedHeaders: [
          'x-request-id',
          'retry-after',
          'x-db-queries',
          'x-db-transactions',
          'content-disposition',
        ],
        // Keys travel in the Authorization header, never in cookies: no credentialed requests needed.
        credentials: false,
        maxAge: 600,
      }),
    );
  }

  // Abuse resistance (docs/security.md): request shape and cost, and a rate limit on expensive operations.
  const limits = requestLimits<LimitedContext>(config.limits);
  const rateLimiter = new ExpensiveOperationLimiter(config.rateLimit);
  const formatError = createErrorFormatter({ production, logger, requestId: currentRequestId });

  // The change feed (docs/live.md): this process numbers committed changes (the sequencer, one at
  // a time across processes) and tails the feed for its WebSocket subscribers (the hub).
  const sequencer =
    options.sequencer === false
      ? null
      : new Sequencer(db, logger, {
          pollMs: config.live.pollMs,
          retentionDays: config.live.retentionDays,
        });
  const hub = new LiveHub(new FeedService(db), logger, { pollMs: config.live.pollMs });
  // Webhooks: delivered from the feed by whichever process holds each hook's lease; never in the write path.
  const webhooks =
    options.webhooks === false
      ? null
      : new WebhookWorker(db, new FeedService(db), logger, {
          pollMs: config.webhooks.pollMs,
          timeoutMs: config.webhooks.timeoutMs,
          backoffBaseMs: config.webhooks.backoffBaseMs,
          backoffMaxMs: config.webhooks.backoffMaxMs,
          retryForMs: config.webhooks.retryForMs,
          logRetentionDays: config.webhooks.logRetentionDays,
          concurrency: config.webhooks.concurrency,
          allowHttpLocalhost: config.webhooks.allowHttpLocalhost,
        });
  const live = startLiveServer({
    httpServer,
    schema: deps.schema,
    config,
    logger,
    authenticator,
    hub,
    context: (requestId, caller) =>
      createContext(db, logger, requestId, caller, {
        planner: config.readPlanner,
        allowHttpLocalhost: config.webhooks.allowHttpLocalhost,
      }),
    formatError,
    validationRules: limits.validationRules,
    maxTokens: config.limits.maxTokens,
  });

  const apollo = new ApolloServer<LimitedContext>({
    schema: deps.schema,
    formatError,
    includeStacktraceInErrorResponses: !production,
    introspection: config.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    plugins: [
      wellFormedStrings(),
      requiredFieldsByPath(),
      ...limits.plugins,
      rateLimiter.graphqlPlugin(),
      specStatusCodes(),
      // Subscribers first: their subscriptions complete and their sockets close (1001), which the
      // HTTP drain would not do (an upgraded socket is no longer an HTTP connection).
      {
        async serverWillStart() {
          return {
            async drainServer() {
              // The sockets' close frames go out in dispose's first turn, before the HTTP drain's.
              const disposing = live.dispose();
              await sequencer?.stop();
              await disposing;
              // Attempts under way get the grace period, then are aborted; leases are given back.
              await webhooks?.stop(config.shutdownGraceMs);
            },
          };
        },
      },
      // In-flight requests get the grace period to finish; then remaining connections are closed.
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: config.shutdownGraceMs,
      }),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
      // The service sets no cache hints; Apollo's default cache-control plugin would still wrap
      // every field's resolver (a neighbourhood answer has thousands of fields).
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart(rc) {
          const started = process.hrtime.bigint();
          return {
            async willSendResponse() {
              await rc.contextValue.reads.close();
              const ms = Number(process.hrtime.bigint() - started) / 1e6;
              rc.contextValue.logger.info(
                {
                  operation: rc.operationName,
                  ms: Math.round(ms * 10) / 10,
                  dbQueries: rc.contextValue.meter.queries,
                  errors: rc.errors?.length ?? 0,
                },
                'graphql request',
              );
              // Round trips per request, for tests and the benchmark; harmless to clients.
              rc.response.http.headers.set('x-db-queries', String(rc.contextValue.meter.queries));
              rc.response.http.headers.set(
                'x-db-transactions',
                String(rc.contextValue.meter.transactions),
              );
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // Exports hold the whole graph, including who works where (affiliations): the role that reads personal ties.
  // Or, without a header, a signed link's ?token= (src/auth/export-links.ts) on a GET of one export.
  app.use('/export', async (req, res, next) => {
    try {
      const token = req.query.token;
      const header = req.header('authorization');
      const caller =
        !header && token !== undefined && req.method === 'GET'
          ? await exportLinks.verify(
              typeof token === 'string' ? token : '',
              req.path.replace(/^\//, ''),
              signedFilter(req.query),
            )
          : await authenticator.authenticate(header);
      res.locals.caller = caller;
      if (!seesPersonalTies(caller)) {
        res.status(401).json({
          error: {
            code: ErrorCode.UNAUTHENTICATED,
            message:
              'Exports need an API key (viewer or above): send "Authorization: Bearer <key>".',
          },
        });
        return;
      }
      next();
    } catch (err) {
      const e =
        err instanceof AppError
          ? err
          : new AppError(
              ErrorCode.SERVICE_UNAVAILABLE,
              'Could not check the API key; retry shortly.',
            );
      res
        .status(e.code === ErrorCode.UNAUTHENTICATED ? 401 : 503)
        .json({ error: { code: e.code, message: e.message } });
    }
  });
  const LINK_BODY =
    'Send a JSON body such as {"file": "graph.gexf", "forum": "hw4all-coalition"} with content-type: application/json.';
  const makeLink: express.RequestHandler = (req, res) => {
    const caller = res.locals.caller as Caller;
    if (!req.is('application/json')) {
      res.status(415).json({ error: { code: ErrorCode.BAD_USER_INPUT, message: LINK_BODY } });
      return;
    }
    try {
      res
        .status(200)
        .json(exportLinkFor(exportLinks, caller, req.body, `${req.protocol}://${req.get('host')}`));
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError(ErrorCode.BAD_USER_INPUT, LINK_BODY);
      res.status(400).json({ error: { code: e.code, message: e.message } });
    }
  };
  // A body the parser refused (too large, not JSON) answers in the export routes' JSON shape, never Express's HTML page.
  const linkBodyErrors: express.ErrorRequestHandler = (err, _req, res, next) => {
    const type = (err as { type?: string } | null)?.type;
    if (type === 'entity.too.large')
      res.status(413).json({
        error: {
          code: ErrorCode.BAD_USER_INPUT,
          message: `The body is larger than 16kb. ${LINK_BODY}`,
        },
      });
    else if (
      type === 'entity.parse.failed' ||
      type === 'charset.unsupported' ||
      type === 'encoding.unsupported'
    )
      res.status(400).json({
        error: {
          code: ErrorCode.BAD_USER_INPUT,
          message: `The body is not valid JSON. ${LINK_BODY}`,
        },
      });
    else next(err);
  };
  app.post('/export/links', express.json({ limit: '16kb' }), makeLink, linkBodyErrors);
  app.use('/export', rateLimiter.exportMiddleware(), exportRoutes({ db, logger }));
  app.use(
    '/graphql',
    express.json({ limit: config.limits.bodyLimit }),
    requestScopeMiddleware(),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const caller = await authenticator.authenticate(req.header('authorization'));
        if (caller.role === 'anonymous' && !config.allowAnonymousRead) {
          throw new AppError(
            ErrorCode.UNAUTHENTICATED,
            'This service needs an API key: send "Authorization: Bearer <key>".',
            { http: { status: 401 } },
          );
        }
        const context = createContext(db, logger, String(res.locals.requestId), caller, {
          planner: config.readPlanner,
          allowHttpLocalhost: config.webhooks.allowHttpLocalhost,
        });
        // A client that goes away ends the request's read transaction (idempotent after the response).
        res.once('close', () => void context.reads.close());
        return { ...context, client: clientOf(req) };
      },
    }),
    bodyErrorHandler(config.limits.bodyLimit),
  );
  app.use(webRoutes({ graphiql: config.env === 'development' || config.introspection }));
  app.use(notFoundHandler());

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(listen.port, listen.host, () => resolve());
  });
  sequencer?.start();
  webhooks?.start();
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  const url = `http://${listen.host === '0.0.0.0' ? 'localhost' : listen.host}:${port}/graphql`;
  return {
    httpServer,
    hub,
    sequencer,
    webhooks,
    url,
    port,
    async stop() {
      // Stops accepting connections, lets in-flight requests finish (the drain plugin), then closes idle ones.
      await apollo.stop();
    },
  };
}
