/**
 * Configuration: read from the environment (and an optional .env) once, validated,
 * frozen. Nothing else in the code base reads process.env.
 */
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { projectRoot } from './paths';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

/**
 * CORS_ORIGINS: a comma-separated list of browser origins (scheme://host[:port], http or https,
 * nothing after the host and port). `*` is refused: the service holds who works where behind
 * API keys, and an operator should name each web app allowed to send those keys from a
 * browser rather than let every page on the web drive its visitors' browsers at it.
 */
const origins = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return [];
    const out: string[] = [];
    for (const raw of value.split(',').map((o) => o.trim())) {
      if (raw === '*') {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message:
            'may not be "*": list each allowed origin, such as https://viz.example.org,http://localhost:5173',
        });
        continue;
      }
      let url: URL | undefined;
      try {
        url = new URL(raw);
      } catch {
        url = undefined;
      }
      const bare =
        url &&
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        !url.username &&
        !url.password &&
        url.pathname === '/' &&
        !url.search &&
        !url.hash;
      if (!url || !bare || /\/$/.test(raw)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `has "${raw}", which is not an origin: write scheme://host[:port] (http or https, no path or trailing slash), comma-separated`,
        });
        continue;
      }
      if (!out.includes(url.origin)) out.push(url.origin);
    }
    return out;
  });

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const count = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool(false),
  NEO4J_URI: z
    .string()
    .regex(
      /^(neo4j|bolt)(\+s|\+ssc)?:\/\/.+/,
      'must look like bolt://host:7687 or neo4j://host:7687',
    )
    .optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z
    .string()
    .min(8, 'must be at least 8 characters (Neo4j refuses shorter ones)')
    .optional(),
  NEO4J_DATABASE: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9.-]{2,62}$/, 'is not a valid Neo4j database name')
    .default('neo4j'),
  NEO4J_TX_TIMEOUT_MS: z.coerce.number().int().min(100).max(600000).default(15000),
  NEO4J_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600000).default(60000),
  LOCAL_NEO4J_HOME: z.string().min(1).default('.neo4j/dev'),
  LOCAL_NEO4J_BOLT_PORT: port(7687),
  LOCAL_NEO4J_HEAP: z
    .string()
    .regex(/^\d+[mg]$/, 'must be a size such as 512m or 1g')
    .default('512m'),
  LOCAL_NEO4J_PAGECACHE: z
    .string()
    .regex(/^\d+[mg]$/, 'must be a size such as 128m or 1g')
    .default('128m'),
  SEED_DEMO: bool(true),
  ALLOW_ANONYMOUS_READ: bool(true),
  READ_PLANNER: bool(true),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120000).default(10000),
  // Abuse resistance (docs/security.md): unset INTROSPECTION means on, except in production.
  INTROSPECTION: z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional(),
  GRAPHQL_MAX_DEPTH: count(1, 100, 10),
  GRAPHQL_MAX_ALIASES: count(0, 1000, 15),
  GRAPHQL_MAX_DIRECTIVES: count(0, 1000, 50),
  GRAPHQL_MAX_TOKENS: count(50, 100000, 1000),
  GRAPHQL_MAX_COST: count(1, 10_000_000, 10000),
  REQUEST_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 100kb or 1mb')
    .default('1mb'),
  RATE_LIMIT_WINDOW_S: count(1, 3600, 60),
  RATE_LIMIT_PER_KEY: count(0, 1_000_000, 120),
  RATE_LIMIT_PER_ADDRESS: count(0, 1_000_000, 60),
  CORS_ORIGINS: origins,
  // The change feed and subscriptions (docs/live.md).
  CHANGE_RETENTION_DAYS: count(0, 36500, 0),
  FEED_POLL_MS: count(10, 10000, 100),
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: count(1, 1000, 10),
  WS_MAX_SUBSCRIPTIONS_PER_KEY: count(1, 100000, 100),
  WS_MAX_CONNECTIONS_PER_ADDRESS: count(1, 100000, 50),
  WS_MAX_MESSAGE_BYTES: count(1024, 10_485_760, 65536),
  WS_IDLE_TIMEOUT_S: count(0, 86400, 300),
  WS_KEEPALIVE_S: count(0, 600, 12),
  // Webhooks (docs/live.md, "Webhooks").
  WEBHOOK_TIMEOUT_MS: count(100, 60000, 10000),
  WEBHOOK_BACKOFF_BASE_MS: count(10, 600000, 10000),
  WEBHOOK_BACKOFF_MAX_MS: count(10, 86_400_000, 3_600_000),
  WEBHOOK_RETRY_FOR_S: count(1, 2_592_000, 86400),
  WEBHOOK_POLL_MS: count(10, 10000, 250),
  WEBHOOK_LOG_DAYS: count(0, 3650, 7),
  WEBHOOK_CONCURRENCY: count(1, 64, 2),
  WEBHOOK_ALLOW_HTTP_LOCALHOST: z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional(),
  // Signed export links (docs/exports.md): unset secret means one made at start.
  EXPORT_LINK_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (openssl rand -base64 48 makes one)')
    .optional(),
  EXPORT_LINK_TTL_S: count(60, 3600, 900),
});

export interface LocalNeo4jConfig {
  home: string;
  boltPort: number;
  heap: string;
  pageCache: string;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  log: { level: string; pretty: boolean };
  neo4j: {
    /** Undefined: the service starts and uses the project's own local Neo4j. */
    uri?: string;
    user: string;
    password: string;
    database: string;
    txTimeoutMs: number;
    connectTimeoutMs: number;
  };
  localNeo4j: LocalNeo4jConfig;
  seedDemo: boolean;
  /** Whether callers without a key may read public (non-personal) data. */
  allowAnonymousRead: boolean;
  /** Whether root fields are answered by the read planner (one query each, src/planner); false: every field through the DataLoaders. */
  readPlanner: boolean;
  shutdownGraceMs: number;
  /** Whether the schema can be introspected (__schema, __type); off in production unless INTROSPECTION=true. */
  introspection: boolean;
  /** Bounds on one GraphQL request, enforced before it runs (src/security/limits.ts). */
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxDirectives: number;
    maxTokens: number;
    maxCost: number;
    bodyLimit: string;
  };
  /** Expensive operations per window, per API key or (anonymous callers) per address; 0 turns a limit off. */
  rateLimit: { windowSeconds: number; perKey: number; perAddress: number };
  /** Browser origins allowed to call /graphql and /export (CORS); empty: no CORS headers at all. */
  corsOrigins: readonly string[];
  /** The change feed, its retention and the subscriptions over WebSocket (docs/live.md). */
  /** Signed export links: the HMAC secret (null: one made at start, so links die on restart) and their life. */
  exportLinks: { secret: string | null; ttlSeconds: number };
  live: {
    /** Days changes are kept; 0 keeps them for ever. */
    retentionDays: number;
    /** How often the sequencer and the tailer look for new changes. */
    pollMs: number;
    maxSubscriptionsPerConnection: number;
    maxSubscriptionsPerKey: number;
    /** Open WebSocket connections from one client address, keyed or not. */
    maxConnectionsPerAddress: number;
    /** Largest WebSocket message a client may send. */
    maxMessageBytes: number;
    /** A connection without a subscription for this long is closed; 0 never. */
    idleTimeoutMs: number;
    /** Interval of WebSocket pings; 0 none. */
    keepAliveMs: number;
  };
  /** Webhook delivery (src/live/webhooks.ts, docs/live.md "Webhooks"). */
  webhooks: {
    /** A receiver must answer 2xx within this long. */
    timeoutMs: number;
    /** The first retry waits about this long; each next one three times longer... */
    backoffBaseMs: number;
    /** ...up to this. */
    backoffMaxMs: number;
    /** Retries go on for this long after the first failure; then the hook is marked FAILING. */
    retryForMs: number;
    /** How often the worker looks for hooks with changes to deliver. */
    pollMs: number;
    /** Days the delivery log is kept; 0 keeps it for ever. */
    logRetentionDays: number;
    /** Database operations of webhook delivery one process runs at once. */
    concurrency: number;
    /** Whether http://localhost, 127.0.0.1 and [::1] are accepted (off in production unless set). */
    allowHttpLocalhost: boolean;
  };
}

/** Password of the project's local development Neo4j when none is configured; it only listens on 127.0.0.1. */
export const LOCAL_DEV_PASSWORD = 'stakeholder-graph-dev';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment into a frozen Config, collecting every problem before failing. */
export function parseConfig(env: NodeJS.ProcessEnv): Readonly<Config> {
  const result = schema.safeParse(env);
  const problems = result.success
    ? []
    : result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
  if (env.NEO4J_URI && !env.NEO4J_PASSWORD)
    problems.push('NEO4J_PASSWORD is required when NEO4J_URI points at your own Neo4j');
  if (!result.success || problems.length) throw new ConfigError(problems);
  const e = result.data;
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY },
    neo4j: {
      uri: e.NEO4J_URI,
      user: e.NEO4J_USER,
      password: e.NEO4J_PASSWORD ?? LOCAL_DEV_PASSWORD,
      database: e.NEO4J_DATABASE,
      txTimeoutMs: e.NEO4J_TX_TIMEOUT_MS,
      connectTimeoutMs: e.NEO4J_CONNECT_TIMEOUT_MS,
    },
    localNeo4j: {
      home: path.resolve(projectRoot(), e.LOCAL_NEO4J_HOME),
      boltPort: e.LOCAL_NEO4J_BOLT_PORT,
      heap: e.LOCAL_NEO4J_HEAP,
      pageCache: e.LOCAL_NEO4J_PAGECACHE,
    },
    seedDemo: e.SEED_DEMO,
    allowAnonymousRead: e.ALLOW_ANONYMOUS_READ,
    readPlanner: e.READ_PLANNER,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    introspection:
      e.INTROSPECTION === undefined
        ? e.NODE_ENV !== 'production'
        : ['true', '1', 'yes'].includes(e.INTROSPECTION),
    limits: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxCost: e.GRAPHQL_MAX_COST,
      bodyLimit: e.REQUEST_BODY_LIMIT.toLowerCase(),
    },
    rateLimit: {
      windowSeconds: e.RATE_LIMIT_WINDOW_S,
      perKey: e.RATE_LIMIT_PER_KEY,
      perAddress: e.RATE_LIMIT_PER_ADDRESS,
    },
    corsOrigins: Object.freeze(e.CORS_ORIGINS),
    exportLinks: { secret: e.EXPORT_LINK_SECRET ?? null, ttlSeconds: e.EXPORT_LINK_TTL_S },
    live: {
      retentionDays: e.CHANGE_RETENTION_DAYS,
      pollMs: e.FEED_POLL_MS,
      maxSubscriptionsPerConnection: e.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      maxSubscriptionsPerKey: e.WS_MAX_SUBSCRIPTIONS_PER_KEY,
      maxConnectionsPerAddress: e.WS_MAX_CONNECTIONS_PER_ADDRESS,
      maxMessageBytes: e.WS_MAX_MESSAGE_BYTES,
      idleTimeoutMs: e.WS_IDLE_TIMEOUT_S * 1000,
      keepAliveMs: e.WS_KEEPALIVE_S * 1000,
    },
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      backoffBaseMs: e.WEBHOOK_BACKOFF_BASE_MS,
      backoffMaxMs: Math.max(e.WEBHOOK_BACKOFF_MAX_MS, e.WEBHOOK_BACKOFF_BASE_MS),
      retryForMs: e.WEBHOOK_RETRY_FOR_S * 1000,
      pollMs: e.WEBHOOK_POLL_MS,
      logRetentionDays: e.WEBHOOK_LOG_DAYS,
      concurrency: e.WEBHOOK_CONCURRENCY,
      allowHttpLocalhost:
        e.WEBHOOK_ALLOW_HTTP_LOCALHOST === undefined
          ? e.NODE_ENV !== 'production'
          : ['true', '1', 'yes'].includes(e.WEBHOOK_ALLOW_HTTP_LOCALHOST),
    },
  });
}

/** The process's configuration: .env (if present) under the real environment, parsed once. */
let loaded: Readonly<Config> | undefined;
export function loadConfig(): Readonly<Config> {
  if (!loaded) {
    loadDotenv({ path: path.join(projectRoot(), '.env'), quiet: true });
    loaded = parseConfig(process.env);
  }
  return loaded;
}
