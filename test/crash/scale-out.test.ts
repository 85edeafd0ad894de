import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ChildServer } from '../helpers/child-server.ts';
import { makeTempDir } from '../helpers/store.ts';
import { speechRecording } from '../helpers/media.ts';
import { until } from '../helpers/server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('scale-out on MongoDB: two HTTP servers and a separate worker share one queue', function () {
  this.timeout(180_000);
  const uri = process.env.MONGODB_URI;
  const dirs: string[] = [];
  before(function () {
    if (!uri) {
      console.log('      (skipped: MONGODB_URI is not set; scale-out needs a MongoDB server)');
      this.skip();
    }
  });
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('ingests on the worker what one server received, and hands its segments out through the other', async () => {
    const db = `notula_scale_${randomBytes(5).toString('hex')}`;
    const env = { MONGODB_URI: uri!, MONGODB_DB: db, WORKERS_IN_PROCESS: 'false' };
    const [dirA, dirB, dirW] = [makeTempDir(), makeTempDir(), makeTempDir()];
    dirs.push(dirA, dirB, dirW);
    const a = new ChildServer(dirA, env);
    const b = new ChildServer(dirB, env);
    await a.start();
    await b.start();
    const worker = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/worker-main.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env, DATA_DIR: dirW, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    try {
      const admin = await a.admin();
      const { org } = await admin.ok('POST', '/api/orgs', { name: 'Shared queue' });
      await admin.ok('PATCH', `/api/orgs/${org.id}`, { segmentSeconds: 20 });
      await admin.ok('POST', '/api/users', {
        email: 'c@scale.test',
        password: 'password-123',
        role: 'client',
        orgId: org.id,
      });
      await admin.ok('POST', '/api/users', {
        email: 't@scale.test',
        password: 'password-123',
        role: 'transcriber',
      });
      const client = await a.as('c@scale.test');
      const fd = new FormData();
      fd.append('file', new Blob([fs.readFileSync(await speechRecording(50))]), 'shared.m4a');
      const { recording } = await client.ok('POST', '/api/recordings', fd);
      const viaB = await b.as('c@scale.test');
      await until(
        async () =>
          (await viaB.ok('GET', `/api/recordings/${recording.id}`)).recording.status === 'transcribing',
        90_000,
        'ingested by the worker',
      );
      const t = await b.as('t@scale.test');
      const claimed = await t.ok('POST', '/api/work/claim');
      expect(claimed.segment.recordingId).to.equal(recording.id);
      const audio = await t.req('GET', `/api/segments/${claimed.segment.id}/audio`, undefined, {
        range: 'bytes=0-15',
      });
      expect(audio.status).to.equal(206);
    } finally {
      worker.kill('SIGTERM');
      await once(worker, 'exit');
      await a.stop();
      await b.stop();
      const { MongoClient } = await import('mongodb');
      const mc = new MongoClient(uri!);
      await mc
        .db(db)
        .dropDatabase()
        .finally(() => mc.close());
    }
  });
});
