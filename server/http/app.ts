import express, { type Express } from 'express';
import helmet from 'helmet';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Config } from '../config.ts';
import type { Services } from '../services/index.ts';
import type { Logger } from '../log.ts';
import { NotFoundError } from '../errors.ts';
import { authenticate, errorHandler, requestLog } from './middleware.ts';
import { authRoutes } from './routes/auth.ts';
import { adminRoutes } from './routes/admin.ts';
import { recordingRoutes } from './routes/recordings.ts';
import { searchRoutes } from './routes/search.ts';
import { workRoutes } from './routes/work.ts';
import { orderRoutes } from './routes/orders.ts';
import { tusRoutes } from './tus.ts';
import { requestDeadline, uploadIdle } from './timeouts.ts';
import { sameOriginOnly } from './origin.ts';
import { openApiDocument } from './openapi.ts';

export interface Health {
  ffmpeg: string;
  classifier: 'yamnet' | 'off';
  classifierReason?: string;
}

/** Largest organisation-settings body an admin may send (a 20,000-character guide is far below it). */
const ORG_SETTINGS_JSON_BYTES = 8 * 1024 * 1024;

export const CLIENT_DIR = path.resolve(import.meta.dirname, '../../dist/client');
/** The API document's version is the package's, however the server was started (npm or node). */
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export function createApp(config: Readonly<Config>, s: Services, log: Logger, health: Health): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('etag', false);
  app.use(requestDeadline(config.requestTimeoutSeconds * 1000));
  app.use(requestLog(log));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Lit and wavesurfer.js put <style> elements in shadow roots.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          mediaSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'"],
          workerSrc: ["'self'", 'blob:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: config.cookieSecure ? [] : null,
        },
      },
      strictTransportSecurity: config.cookieSecure,
    }),
  );

  app.get('/healthz', async (_req, res) => {
    try {
      await s.store.ping();
      res.json({
        ok: true,
        store: s.store.kind,
        ffmpeg: health.ffmpeg,
        classifier: health.classifier,
        ...(health.classifierReason ? { classifierReason: health.classifierReason } : {}),
      });
    } catch {
      res.status(503).json({
        ok: false,
        store: s.store.kind,
        ffmpeg: health.ffmpeg,
        classifier: health.classifier,
        error: 'The store does not answer.',
      });
    }
  });
  const doc = openApiDocument(version);
  app.get('/api/openapi.json', (_req, res) => void res.json(doc));

  const api = express.Router();
  // First: a cross-site request is refused before anything reads its body or its credentials.
  api.use(sameOriginOnly(config.allowedOrigins));
  api.use(authenticate(s.auth));
  // Uploads may take hours; they are cut when they stall instead (tus PATCH, multipart POST).
  const idle = uploadIdle(config.uploadIdleSeconds * 1000);
  api.use('/uploads', idle);
  api.post('/recordings', idle);
  // tus reads its own body stream: mount it before the JSON parser.
  api.use(tusRoutes(s, config, log));
  // An organisation's settings carry its style guide and glossary: an admin's body may be larger than
  // MAX_JSON_BYTES there, so that an oversized guide is refused with a 400 naming the field
  // (orders.ts limits) rather than a bare 413. Everyone else gets the usual limit.
  api.patch('/orgs/:id', (req, res, next) => {
    if (req.principal?.role !== 'admin') return next();
    express.json({ limit: Math.max(config.maxJsonBytes, ORG_SETTINGS_JSON_BYTES), strict: true })(
      req,
      res,
      next,
    );
  });
  api.use(
    express.json({
      limit: config.maxJsonBytes,
      strict: true,
      type: ['application/json', 'application/*+json'],
    }),
  );
  api.use(authRoutes(s, { secure: config.cookieSecure, ttlHours: config.sessionTtlHours }));
  api.use(adminRoutes(s));
  api.use(
    recordingRoutes(s, {
      maxUploadBytes: config.maxUploadBytes,
      uploadDir: path.join(config.dataDir, 'uploads'),
    }),
  );
  api.use(searchRoutes(s));
  api.use(workRoutes(s));
  api.use(orderRoutes(s));
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
