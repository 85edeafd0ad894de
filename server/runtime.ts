/**
 * Starting and stopping Notula: the HTTP server with in-process workers (`npm start`), or workers
 * alone (`npm run worker`). Used by both entry points and by integration tests.
 */
import http from 'node:http';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { openStore } from './store/index.ts';
import { createServices, ensureIndexes, type ServiceDeps, type Services } from './services/index.ts';
import { createApp, type Health } from './http/app.ts';
import { jobHandlers, schedulePurge } from './jobs/handlers.ts';
import { Worker } from './jobs/worker.ts';
import type { Logger } from './log.ts';
import { classifierInfo, ffmpegVersion, findYamnetModel, resolveMediaTools } from '../media/index.ts';

export interface Running {
  services: Services;
  /** `http://127.0.0.1:<port>` when serving HTTP. */
  url: string | null;
  worker: Worker | null;
  health: Health;
  /** Graceful: stop accepting, finish running requests, stop claiming jobs, close the store. */
  close(): Promise<void>;
}

export async function start(
  config: Readonly<Config>,
  log: Logger,
  opts: { http: boolean; workers: boolean } & ServiceDeps,
): Promise<Running> {
  const opening = performance.now();
  const store = await openStore(config);
  const storeOpenMs = Math.round(performance.now() - opening);
  let closed = false;
  try {
    await ensureIndexes(store);
    if (store.kind === 'embedded') {
      // The embedded engine is single-process, so whatever a killed predecessor left in tmp/ is garbage.
      await rm(path.join(config.dataDir, 'tmp'), { recursive: true, force: true });
      await rm(path.join(config.dataDir, 'uploads', 'multipart'), { recursive: true, force: true });
    }
    // Configuration reaches media/ as arguments: these two values go everywhere ffmpeg or YAMNet runs.
    const tools = resolveMediaTools(config);
    const modelPath = findYamnetModel(config.dataDir, config.yamnetModel);
    const [ffmpeg, classifier] = await Promise.all([
      ffmpegVersion(tools).catch(() => 'missing'),
      classifierInfo(modelPath).catch((e: unknown) => ({ status: 'off' as const, reason: String(e) })),
    ]);
    const health: Health = {
      ffmpeg,
      classifier: classifier.status,
      ...(classifier.reason ? { classifierReason: classifier.reason } : {}),
    };
    if (ffmpeg === 'missing')
      log.warn(
        'ffmpeg was not found: set FFMPEG_PATH or install ffmpeg (npm run setup does). Uploads cannot be processed.',
      );
    if (classifier.status === 'off')
      log.info({ reason: classifier.reason }, 'speech classifier off; pauses alone drive the cuts');
    const services = createServices(
      config,
      store,
      { tools, modelPath: classifier.status === 'yamnet' ? modelPath : null },
      { now: opts.now, log },
    );
    // Quality figures are running totals; a store with older history counts it once, in the background.
    const totalsSince = await services.stats.startTotals((opts.now ?? Date.now)());
    if (totalsSince !== null)
      await services.queue.enqueue(
        'stats-backfill',
        {},
        { dedupeKey: `stats-backfill:${totalsSince}`, maxAttempts: 20 },
      );
    if (await services.accounts.bootstrapAdmin(config.adminEmail, config.adminPassword)) {
      log.info({ email: config.adminEmail }, 'created the first admin from ADMIN_EMAIL');
    } else if (opts.http && (await services.accounts.listUsers()).length === 0) {
      log.warn(
        'No user exists yet, so nobody can sign in: restart once with ADMIN_EMAIL and ADMIN_PASSWORD set to create the first admin.',
      );
    }

    let worker: Worker | null = null;
    let asrWorker: Worker | null = null;
    let sweeper: NodeJS.Timeout | null = null;
    if (opts.workers) {
      const { asr, ...others } = jobHandlers(services);
      const leaseMs = config.jobLeaseSeconds * 1000;
      worker = new Worker(services.queue, others, { concurrency: config.workerConcurrency, leaseMs }, log);
      worker.start();
      // ASR requests wait on another server, for minutes at worst: they get slots of their own
      // (ASR_CONCURRENCY), so they never hold up an ingest or a merge.
      if (config.asrUrl) {
        asrWorker = new Worker(services.queue, { asr }, { concurrency: config.asrConcurrency, leaseMs }, log);
        asrWorker.start();
      }
      await schedulePurge(services);
      const sweep = (): void => {
        services.work.expireLeases().catch((err: unknown) => log.warn({ err }, 'lease sweep failed'));
        services.backlog.estimate().catch((err: unknown) => log.warn({ err }, 'ETA estimate failed'));
        services.auth
          .purgeExpiredSessions()
          .catch((err: unknown) => log.warn({ err }, 'session purge failed'));
        services.links.purgeSpent().catch((err: unknown) => log.warn({ err }, 'password link purge failed'));
        services.tombstones.purgeOld().catch((err: unknown) => log.warn({ err }, 'tombstone purge failed'));
      };
      sweeper = setInterval(sweep, services.work.lease.sweepEveryMs());
      sweeper.unref();
    }

    let server: http.Server | null = null;
    let url: string | null = null;
    if (opts.http) {
      const app = createApp(config, services, log, health);
      const requestMs = config.requestTimeoutSeconds * 1000;
      server = http.createServer(
        {
          keepAliveTimeout: 65_000,
          // Bodies are timed by the app (http/timeouts.ts), which lets uploads run as long as bytes
          // keep coming; Node's own request timeout would cut those too.
          requestTimeout: 0,
          headersTimeout: Math.min(60_000, requestMs),
          // Node checks the headers timeout on this interval; a shorter timeout needs a finer check.
          connectionsCheckingInterval: Math.min(30_000, Math.max(250, requestMs / 4)),
        },
        app,
      );
      // Beyond this, Node closes new connections as they arrive: held sockets cannot exhaust the process.
      server.maxConnections = config.maxConnections;
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(config.port, config.host, () => resolve());
      });
      const port = (server.address() as AddressInfo).port;
      url = `http://127.0.0.1:${port}`;
      log.info(
        { port, store: store.kind, storeOpenMs, ffmpeg, classifier: classifier.status },
        `Notula listening on http://localhost:${port}`,
      );
    }

    return {
      services,
      url,
      worker,
      health,
      async close() {
        if (closed) return;
        closed = true;
        if (server) {
          const s = server;
          const done = new Promise<void>((resolve) => s.close(() => resolve()));
          services.shutdown.run();
          s.closeIdleConnections();
          const force = setTimeout(() => s.closeAllConnections(), 10_000);
          await done;
          clearTimeout(force);
        }
        if (sweeper) clearInterval(sweeper);
        await Promise.all([worker?.stop(), asrWorker?.stop()]);
        services.mailer.close();
        await store.close();
        log.info('Notula stopped');
      },
    };
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  }
}
