import express, { type Express } from 'express';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Config } from '../config.ts';
import type { Services } from '../services/index.ts';
import type { Logger } from '../log.ts';
import { NotFoundError } from '../errors.ts';
import { authenticate, errorHandler, onEveryRequest, requestLog } from './middleware.ts';
import { requestDeadline } from './timeouts.ts';
import { sameOriginOnly } from './origin.ts';
import { securityHeaders } from './security-headers.ts';
import { openApiDocument } from './openapi.ts';
import { registerEndpoints, type Deps, type Health } from './contract.ts';
import { ENDPOINTS } from './endpoints.ts';

export type { Health } from './contract.ts';

export const CLIENT_DIR = path.resolve(import.meta.dirname, '../../dist/client');
/** The API document's version is the package's, however the server was started (npm or node). */
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export function createApp(config: Readonly<Config>, s: Services, log: Logger, health: Health): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('etag', false);
  app.use(
    onEveryRequest(
      requestDeadline(config.requestTimeoutSeconds * 1000),
      requestLog(log),
      securityHeaders(config),
    ),
  );

  const d: Deps = { s, config, log, health, openApi: openApiDocument(ENDPOINTS, version) };
  // First: a cross-site request is refused before anything reads its body or its credentials.
  const guards = [sameOriginOnly(config.allowedOrigins), authenticate(s.auth)];
  const jsonBody = express.json({
    limit: config.maxJsonBytes,
    strict: true,
    type: ['application/json', 'application/*+json'],
  });
  // Every route comes from the endpoint table (endpoints.ts). The calls editors make all day come
  // first, each with the /api guards and JSON parser of its own (contract.ts, `hot`); then health
  // and the API document, outside /api; then the /api router.
  registerEndpoints(app, { mount: 'hot', before: [...guards, jsonBody] }, ENDPOINTS, d);
  registerEndpoints(app, { mount: 'app' }, ENDPOINTS, d);

  const api = express.Router();
  api.use(...guards);
  // Endpoints that read their own body stream (tus) are mounted before the JSON parser.
  registerEndpoints(api, { mount: 'api', prefix: '/api', beforeJsonBody: jsonBody }, ENDPOINTS, d);
  api.use(() => {
    throw new NotFoundError('endpoint');
  });
  app.use('/api', api);

  if (existsSync(CLIENT_DIR)) {
    if (!config.serveSourceMaps) {
      // Source maps carry the client's whole source; the app-shell fallback must not answer them either.
      app.get(/\.map$/i, () => {
        throw new NotFoundError('file');
      });
    }
    app.use(
      express.static(CLIENT_DIR, {
        index: false,
        maxAge: '1h',
        setHeaders: (res, p) => p.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache'),
      }),
    );
    // The browser app routes by path: every other page is the app shell. Sent relative to its
    // root, so only the request path is checked for dot-segments (send refuses those): an install
    // under a dot-directory (~/.local/…, the .tmp/node24-tree copy) serves it too.
    app.get('/{*page}', (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile('index.html', { root: CLIENT_DIR });
    });
  }
  app.use(errorHandler(log));
  return app;
}
