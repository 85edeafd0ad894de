import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../helpers/store.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function run(entry: string, env: Record<string, string>): { child: ChildProcess; out: () => string } {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return { child, out: () => out };
}

async function waitFor(pred: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function portOf(out: string): number {
  const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
  if (!m) throw new Error(`no port in: ${out}`);
  return Number(m[1]);
}

describe('the server process', function () {
  this.timeout(90_000);
  if (process.env.MONGODB_URI) {
    before(function () {
      this.skip();
    });
  }
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('refuses to start on a bad setting with one sentence naming the variable', async () => {
    const { child, out } = run('server/main.ts', { PORT: 'abc', DATA_DIR: makeTempDir() });
    const [code] = await once(child, 'exit');
    expect(code).to.equal(2);
    expect(out().trim()).to.equal('notula: PORT must be a whole number from 0 to 65535; it is "abc".');
  });

  it('stops on SIGTERM and releases the data directory', async () => {
    const dataDir = makeTempDir();
    dirs.push(dataDir);
    const { child, out } = run('server/main.ts', { PORT: '0', DATA_DIR: dataDir });
    await waitFor(() => /listening on/.test(out()));
    const port = portOf(out());
    const health = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.json());
    expect(health.store).to.equal('embedded');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).to.equal(0);
    expect(out()).to.include('Notula stopped');
    expect(fs.existsSync(path.join(dataDir, 'notula.lock'))).to.equal(false);
  });

  it('refuses a second process on the same embedded data directory with a clear message', async () => {
    const dataDir = makeTempDir();
    dirs.push(dataDir);
    const first = run('server/main.ts', { PORT: '0', DATA_DIR: dataDir });
    await waitFor(() => /listening on/.test(first.out()));
    try {
      const second = run('server/main.ts', { PORT: '0', DATA_DIR: dataDir });
      const [code] = await once(second.child, 'exit');
      expect(code).to.equal(2);
      expect(second.out())
        .to.match(/single-process/)
        .and.match(/MONGODB_URI/);
      const worker = run('server/worker-main.ts', { DATA_DIR: dataDir });
      const [wcode] = await once(worker.child, 'exit');
      expect(wcode).to.equal(2);
      expect(worker.out()).to.match(/single-process/);
    } finally {
      first.child.kill('SIGTERM');
      await once(first.child, 'exit');
    }
  });
});
