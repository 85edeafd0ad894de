/**
 * Notula as a real child process (`server/main.ts`), for tests that SIGKILL it and start it again
 * on the same data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { Api } from './api.ts';
import { ADMIN } from './server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export class ChildServer {
  private child: ChildProcess | null = null;
  private out = '';
  url = '';

  constructor(
    readonly dataDir: string,
    private readonly env: Record<string, string> = {},
  ) {}

  async start(): Promise<void> {
    this.out = '';
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'info',
        CHECK_RESPONSES: 'true',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (c: Buffer) => (this.out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (this.out += c.toString()));
    const end = Date.now() + 60_000;
    for (;;) {
      const m = /listening on http:\/\/localhost:(\d+)/.exec(this.out);
      if (m) {
        this.url = `http://127.0.0.1:${m[1]}`;
        return;
      }
      if (child.exitCode !== null) throw new Error(`server exited: ${this.out}`);
      if (Date.now() > end) throw new Error(`server did not start: ${this.out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The output so far (JSON log lines). */
  get log(): string {
    return this.out;
  }

  async kill(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    c.kill('SIGKILL');
    await once(c, 'exit');
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    c.kill('SIGTERM');
    await once(c, 'exit');
  }

  async admin(): Promise<Api> {
    const a = new Api(this.url);
    await a.login(ADMIN.email, ADMIN.password);
    return a;
  }

  /** Signs in again on the current URL (it changes with every start). */
  async as(email: string, password = 'password-123'): Promise<Api> {
    const a = new Api(this.url);
    await a.login(email, password);
    return a;
  }
}
