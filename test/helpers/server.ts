/**
 * A real Notula for integration tests: HTTP on a free loopback port, a fresh embedded store (or
 * MongoDB when MONGODB_URI is set) in its own temp directory, in-process workers.
 */
import fs from 'node:fs';
import { loadConfig, type Config } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { start, type Running } from '../../server/runtime.ts';
import { makeTempDir } from './store.ts';
import { Api } from './api.ts';

export const ADMIN = { email: 'admin@notula.test', password: 'admin-password-1' };

export interface TestServer {
  url: string;
  running: Running;
  config: Readonly<Config>;
  dataDir: string;
  admin: Api;
  /** A new signed-out client of this server. */
  api(): Api;
  stop(): Promise<void>;
}

/**
 * `opts.now` replaces the server's clock for sessions, tokens and sign-in throttling, so a test can
 * move time forward instead of sleeping; `opts.logs`, when given, receives every log line (as JSON
 * text) instead of stdout.
 */
export async function startServer(
  env: Record<string, string> = {},
  opts: { now?: () => number; logs?: (line: string) => void } = {},
): Promise<TestServer> {
  const dataDir = env.DATA_DIR ?? makeTempDir('notula-srv-');
  const mongo = process.env.MONGODB_URI;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Every JSON answer of every test is checked against its endpoint's response schema.
    CHECK_RESPONSES: 'true',
    ...(mongo ? { MONGODB_URI: mongo, MONGODB_DB: `notula_test_${process.pid}_${Date.now()}` } : {}),
    ...(process.env.YAMNET_MODEL ? { YAMNET_MODEL: process.env.YAMNET_MODEL } : {}),
    ...env,
  });
  const sink = opts.logs;
  const log = sink
    ? createLogger(config.logLevel, 'notula', { write: (line: string) => void sink(line) })
    : createLogger(config.logLevel);
  const running = await start(config, log, { http: true, workers: true, now: opts.now });
  const url = running.url!;
  const admin = new Api(url);
  await admin.login(ADMIN.email, ADMIN.password);
  let stopped = false;
  return {
    url,
    running,
    config,
    dataDir,
    admin,
    api: () => new Api(url),
    async stop() {
      if (stopped) return;
      stopped = true;
      await running.close();
      if (!env.DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface World {
  orgA: string;
  orgB: string;
  clientA: Api;
  clientB: Api;
  transcribers: Api[];
  reviewer: Api;
}

let seq = 0;
/** Two organisations with a client each, `n` transcribers and a reviewer, all signed in. */
export async function makeWorld(srv: TestServer, n = 2): Promise<World> {
  const tag = `${process.pid}-${++seq}`;
  const orgA = (await srv.admin.ok('POST', '/api/orgs', { name: `Org A ${tag}` })).org.id as string;
  const orgB = (await srv.admin.ok('POST', '/api/orgs', { name: `Org B ${tag}` })).org.id as string;
  const user = async (role: string, orgId?: string): Promise<Api> => {
    const email = `${role}-${tag}-${Math.random().toString(36).slice(2, 8)}@notula.test`;
    await srv.admin.ok('POST', '/api/users', {
      email,
      password: 'password-123',
      role,
      ...(orgId ? { orgId } : {}),
    });
    const api = srv.api();
    await api.login(email, 'password-123');
    return api;
  };
  const transcribers: Api[] = [];
  for (let i = 0; i < n; i++) transcribers.push(await user('transcriber'));
  return {
    orgA,
    orgB,
    clientA: await user('client', orgA),
    clientB: await user('client', orgB),
    transcribers,
    reviewer: await user('reviewer'),
  };
}

/** Polls `fn` until it returns a truthy value. */
export async function until<T>(
  fn: () => Promise<T | null | undefined | false>,
  ms = 30_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
