/**
 * GET /export/graph.gexf, /export/graph.graphml, /export/graph.cytoscape.json, /export/nodes.csv
 * and /export/edges.csv: the whole graph, or a part named by ?forum=… or ?around=…&depth=….
 * Routes only translate: parameters in, the export service, a document out. Errors answer
 * JSON {error: {code, message}} with 400, 404 or 503; anything unexpected is logged and masked.
 */
import express from 'express';
import { AppError, ErrorCode } from '../errors';
import type { Database } from '../graph/database';
import type { Logger } from '../logger';
import { ExportLimits, ExportService } from '../services/export/export.service';
import { parseExportFilter } from '../services/export/filter';
import { EXPORT_FORMATS, ExportFormat } from '../services/export/formats';

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
      const filter = parseExportFilter(req.query);
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
