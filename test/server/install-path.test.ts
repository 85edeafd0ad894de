/**
 * Notula installed under a dot-directory (~/.local/…, or the .tmp/node24-tree copy the Node 24
 * test run uses) serves its pages like any other install.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { ensureClientBuilt } from '../helpers/browser.ts';
import { makeTempDir } from '../helpers/store.ts';
import { until } from '../helpers/server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('an install under a dot-directory', function () {
  this.timeout(90_000);
  let home = '';
  after(() => home && fs.rmSync(home, { recursive: true, force: true }));

  it('serves the browser app on every page, not 404', async () => {
    ensureClientBuilt();
    home = makeTempDir('notula-install-');
    const root = path.join(home, '.local', 'notula');
    // A real copy: symlinks would resolve to the checkout's own path, which has no dot-directory.
    for (const d of ['server', 'media', 'client', 'dist/client']) {
      fs.cpSync(path.join(ROOT, d), path.join(root, d), { recursive: true });
    }
    for (const f of ['package.json', 'tsconfig.json'])
      fs.copyFileSync(path.join(ROOT, f), path.join(root, f));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));

    let out = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: path.join(home, 'data'),
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      const port = await until(
        async () => {
          if (child.exitCode !== null) throw new Error(`the server exited: ${out.slice(-1000)}`);
          return /listening on http:\/\/localhost:(\d+)/.exec(out)?.[1] ?? null;
        },
        60_000,
        'the server listening',
      );
      const base = `http://127.0.0.1:${port}`;
      for (const page of ['/login', '/recordings/some-id']) {
        const res = await fetch(`${base}${page}`);
        expect(res.status, `${page}: ${out.slice(-500)}`).to.equal(200);
        expect(res.headers.get('content-type')).to.match(/^text\/html/);
        expect(await res.text()).to.match(/<script[^>]+app\.js/);
      }
      expect((await fetch(`${base}/app.js`)).status).to.equal(200);
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  });
});
