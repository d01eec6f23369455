/**
 * GET /export/graph.gexf, /export/graph.graphml, /export/graph.cytoscape.json, /export/nodes.csv
 * and /export/edges.csv: the whole graph, or a part named by ?forum=… or ?around=…&depth=…
 * (with the explorer's view: activeOn, tieTypes, entityTypes, roles, expand, hide, edges).
 * Routes only translate: parameters in, the export service, a document out. Errors answer
 * JSON {error: {code, message}} with 400, 404 or 503; anything unexpected is logged and masked.
 */
import express from 'express';
import { ExportLinks, signedFilter } from '../auth/export-links';
import type { Caller } from '../context';
import { AppError, ErrorCode, badInput } from '../errors';
import type { Database } from '../graph/database';
import type { Logger } from '../logger';
import { ExportLimits, ExportService } from '../services/export/export.service';
import { FILTER_PARAMETERS, parseExportFilter } from '../services/export/filter';
import { EXPORT_FORMATS, ExportFormat } from '../services/export/formats';

/**
 * POST /export/links: a short-lived signed link to one export (src/auth/export-links.ts), for
 * the key of the request. The body names the file and the same filter parameters as the
 * export's query string: {"file": "graph.gexf", "forum": "…"} or {"file": …, "around": …, "depth": 2},
 * with the explorer's view as text or lists ({"hide": ["…", "…"]} is "hide=…,…").
 */
export function exportLinkFor(
  links: ExportLinks,
  caller: Caller,
  body: unknown,
  origin: string,
): { url: string; expiresAt: string } {
  if (!caller.keyId)
    throw new AppError(
      ErrorCode.UNAUTHENTICATED,
      'A link is made for an API key: send "Authorization: Bearer <key>" (a link cannot make links).',
    );
  const given: Record<string, unknown> =
    body && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const files = EXPORT_FORMATS.map((f) => f.fileName);
  if (typeof given.file !== 'string' || !files.includes(given.file))
    throw badInput(`"file" must be one of ${files.join(', ')}.`, [
      { field: 'file', problem: 'not an export of this service' },
    ]);
  const params: Record<string, unknown> = {};
  for (const name of FILTER_PARAMETERS) {
    const v = given[name];
    if (v === undefined || v === null) continue;
    // A number (depth) as its text; a list (tieTypes, hide, ...) as the query string spells it, comma-separated.
    params[name] =
      typeof v === 'number'
        ? String(v)
        : Array.isArray(v) && v.every((x) => typeof x === 'string')
          ? v.join(',')
          : v;
  }
  parseExportFilter(params);
  const filter = signedFilter(params);
  const { token, expiresAt } = links.sign(given.file, filter, caller.keyId);
  const query = new URLSearchParams({ ...filter, token }).toString();
  return { url: `${origin}/export/${given.file}?${query}`, expiresAt: expiresAt.toISOString() };
}

/** Exports being prepared at once per process; more wait for none and get 503 with Retry-After. */
export const MAX_CONCURRENT_EXPORTS = 2;

export interface ExportRouteDeps {
  db: Database;
  logger: Logger;
  /** Smaller limits for tests; the defaults are MAX_EXPORT_NODES and MAX_EXPORT_EDGES. */
  limits?: Partial<ExportLimits>;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

function sendError(res: express.Response, status: number, code: ErrorCode, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export function exportRoutes(deps: ExportRouteDeps): express.Router {
  const router = express.Router();
  const service = new ExportService(deps.db, deps.limits);
  let running = 0;

  const handler = (format: ExportFormat) => async (req: express.Request, res: express.Response) => {
    const requestId = String(res.locals.requestId ?? '');
    const logger = deps.logger.child({ requestId });
    if (running >= MAX_CONCURRENT_EXPORTS) {
      res.setHeader('retry-after', '5');
      sendError(
        res,
        503,
        ErrorCode.SERVICE_UNAVAILABLE,
        'Other exports are being prepared right now. Retry in a few seconds.',
      );
      return;
    }
    running += 1;
    const started = process.hrtime.bigint();
    try {
      // ?token= is a signed link's (checked before this route); the rest is the filter.
      const params: Record<string, unknown> = { ...req.query };
      delete params.token;
      const filter = parseExportFilter(params);
      const graph = await service.graph(filter);
      const body = format.write(graph);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          format: format.name,
          filter: filter.kind,
          nodes: graph.nodes.length,
          edges: graph.edges.length,
          ms: Math.round(ms),
        },
        'export',
      );
      res
        .status(200)
        .set({
          'content-type': format.contentType,
          'content-disposition': `attachment; filename="${format.fileName}"`,
          'cache-control': 'no-store',
          'x-export-nodes': String(graph.nodes.length),
          'x-export-edges': String(graph.edges.length),
        })
        .send(body);
    } catch (err) {
      const status = err instanceof AppError ? STATUS[err.code] : undefined;
      if (err instanceof AppError && status) {
        sendError(res, status, err.code, err.message);
      } else {
        logger.error({ err, path: req.path }, 'unexpected error while preparing an export');
        sendError(
          res,
          500,
          ErrorCode.INTERNAL_SERVER_ERROR,
          'Internal server error. The x-request-id response header identifies it in our logs.',
        );
      }
    } finally {
      running -= 1;
    }
  };

  for (const format of EXPORT_FORMATS) router.get(`/${format.fileName}`, handler(format));

  router.use((req, res) => {
    const paths = EXPORT_FORMATS.map((f) => `/export/${f.fileName}`).join(', ');
    sendError(
      res,
      404,
      ErrorCode.NOT_FOUND,
      `There is no export at ${req.method} /export${req.path}. Use GET on one of: ${paths}.`,
    );
  });
  return router;
}
