/**
 * The network explorer (docs/explorer.md): the page at / and /explore, its assets under
 * /assets, and GraphiQL at /graphiql where it is on, built by `npm run build` into dist/web
 * from web/. Every answer carries a strict
 * Content-Security-Policy: scripts and styles from this origin only (no inline script, no
 * eval), requests to this origin only, no frames, no plugins.
 */
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { ErrorCode } from '../errors';
import { projectRoot } from '../paths';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GraphiQL's page: as strict, except that its editor (Monaco) adds <style> elements as it
 * goes, runs its language services in workers from this origin, and inlines its icon font.
 * No inline or eval'd script here either.
 */
export const GRAPHIQL_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function secure(res: express.Response, policy = CONTENT_SECURITY_POLICY): void {
  res.setHeader('content-security-policy', policy);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
}

/** The folder the build writes the page to. */
export function webRoot(): string {
  return path.join(projectRoot(), 'dist', 'web');
}

export interface WebOptions {
  /** Serve GraphiQL at /graphiql: in development, and wherever introspection is on. */
  graphiql: boolean;
}

export function webRoutes(options: WebOptions): express.Router {
  const router = express.Router();
  const root = webRoot();
  const page = (file: string, policy = CONTENT_SECURITY_POLICY): express.RequestHandler => {
    return (_req, res) => {
      secure(res, policy);
      const full = path.join(root, file);
      if (!fs.existsSync(full)) {
        res.status(503).json({
          error: {
            code: ErrorCode.SERVICE_UNAVAILABLE,
            message:
              'The explorer is not built: run `npm run build` (npm start does it), then reload.',
          },
        });
        return;
      }
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(full);
    };
  };
  router.get(['/', '/explore'], page('index.html'));
  if (options.graphiql)
    router.get('/graphiql', page('graphiql.html', GRAPHIQL_CONTENT_SECURITY_POLICY));
  router.use(
    '/assets',
    (req, res, next) => {
      if (req.path.startsWith('/graphiql/') && !options.graphiql) {
        next('router');
        return;
      }
      secure(
        res,
        req.path.startsWith('/graphiql/')
          ? GRAPHIQL_CONTENT_SECURITY_POLICY
          : CONTENT_SECURITY_POLICY,
      );
      next();
    },
    express.static(path.join(root, 'assets'), {
      index: false,
      fallthrough: true,
      setHeaders: (res) => res.setHeader('cache-control', 'no-cache'),
    }),
  );
  return router;
}
