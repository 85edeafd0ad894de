import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';
import fs from 'node:fs';
import { makeTempDir } from '../helpers/store.ts';
import { until } from '../helpers/server.ts';
import { TestClock } from '../helpers/clock.ts';
import type { Store } from '../../server/store/types.ts';
import { JobQueue, backoffMs } from '../../server/jobs/queue.ts';
import { PermanentJobError, Worker, type JobHandler } from '../../server/jobs/worker.ts';
import { createLogger } from '../../server/log.ts';
import { openStore } from '../../server/store/index.ts';
import type { JobDoc } from '../../server/domain.ts';

const silent = createLogger('silent');

describe('jobs', () => {
  let t: { store: Store; dataDir: string };
  beforeEach(async () => {
    const dataDir = makeTempDir('notula-jobs-');
    t = { dataDir, store: await openStore({ mongodbUri: null, mongodbDb: 'notula', dataDir }) };
    await t.store.collection('jobs').createIndex({ dedupeKey: 1 }, { unique: true });
  });
  afterEach(async () => {
    await t.store.close().catch(() => {});
    fs.rmSync(t.dataDir, { recursive: true, force: true });
  });

  it('runs a queued job once and marks it done', async () => {
    const queue = new JobQueue(t.store, { leaseMs: 5000 });
    const seen: unknown[] = [];
    const worker = new Worker(
      queue,
      { echo: { run: async (p) => void seen.push(p) } },
      { concurrency: 2, leaseMs: 5000, pollMs: 20 },
      silent,
    );
    worker.start();
    const job = await queue.enqueue('echo', { n: 1 });
    const done = await until(async () =>
      (await queue.get(job._id))?.status === 'done' ? queue.get(job._id) : null,
    );
    await worker.stop();
    expect(seen).to.deep.equal([{ n: 1 }]);
    expect(done?.attempts).to.equal(1);
  });

  it('queues a job with the same dedupe key only once', async () => {
    const queue = new JobQueue(t.store, { leaseMs: 5000 });
    const a = await queue.enqueue('x', {}, { dedupeKey: 'ingest:r1' });
    const b = await queue.enqueue('x', {}, { dedupeKey: 'ingest:r1' });
    expect(b._id).to.equal(a._id);
    expect(await t.store.collection('jobs').countDocuments({})).to.equal(1);
  });

  it('retries a failing job with back-off and ends failed with the error after the last attempt', async () => {
    const queue = new JobQueue(t.store, { leaseMs: 5000, backoffBaseMs: 10 });
    let calls = 0;
    const failedWith: string[] = [];
    const handler: JobHandler = {
      run: async () => {
        calls++;
        throw new Error(`boom ${calls}`);
      },
      onFailed: async (_p, e) => void failedWith.push(e),
    };
    const worker = new Worker(
      queue,
      { flaky: handler },
      { concurrency: 1, leaseMs: 5000, pollMs: 10 },
      silent,
    );
    worker.start();
    const job = await queue.enqueue('flaky', {}, { maxAttempts: 3 });
    const final = await until(async () => {
      const j = await queue.get(job._id);
      return j?.status === 'failed' ? j : null;
    });
    await worker.stop();
    expect(calls).to.equal(3);
    expect(final.error).to.equal('boom 3');
    expect(failedWith).to.deep.equal(['boom 3']);
    expect(backoffMs(1, 2000)).to.equal(2000);
    expect(backoffMs(3, 2000)).to.equal(8000);
    expect(backoffMs(30, 2000)).to.equal(600_000);
  });

  it('fails a job at once on a permanent error', async () => {
    const queue = new JobQueue(t.store, { leaseMs: 5000 });
    let calls = 0;
    const w2 = new Worker(
      queue,
      {
        bad2: {
          run: async () => {
            calls++;
            throw new PermanentJobError('not audio');
          },
        },
      },
      { concurrency: 1, leaseMs: 5000, pollMs: 10 },
      silent,
    );
    w2.start();
    const job = await queue.enqueue('bad2', {}, { maxAttempts: 5 });
    const final = await until(async () => {
      const j = await queue.get(job._id);
      return j?.status === 'failed' ? j : null;
    });
    await w2.stop();
    expect(calls).to.equal(1);
    expect(final.error).to.equal('not audio');
  });

  it('keeps a long job alive by renewing its lease, so no second worker takes it', async () => {
    const clock = new TestClock();
    const queue = new JobQueue(t.store, { leaseMs: 300, clock: clock.now });
    let runs = 0;
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const handlers = {
      long: {
        run: async () => {
          runs++;
          await gate;
        },
      },
    };
    const w1 = new Worker(queue, handlers, { concurrency: 1, leaseMs: 300, pollMs: 20 }, silent);
    w1.start();
    const job = await queue.enqueue('long', {});
    await until(async () => (await queue.get(job._id))?.status === 'running');
    // Far past the lease it took: only a renewal by the live worker keeps the job its own.
    clock.advance(10_000);
    await until(async () => ((await queue.get(job._id))?.leaseExpiresAt ?? 0) > clock.now());
    expect(await queue.claim('another-worker', ['long'])).to.equal(null);
    finish();
    await until(async () => ((await queue.get(job._id))?.status === 'done' ? true : null));
    await w1.stop();
    expect(runs).to.equal(1);
  });

  it('hands a job whose worker was killed (SIGKILL) to another worker once the lease runs out', async () => {
    const queue = new JobQueue(t.store, { leaseMs: 1000 });
    const job = await queue.enqueue('slow', {});
    const dataDir = t.dataDir;
    await t.store.close();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/worker-child.ts')],
      {
        env: { ...process.env, DATA_DIR: dataDir, LEASE_MS: '1000' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await until(async () => out.includes(`started ${job._id}`), 30_000);
    child.kill('SIGKILL');
    await once(child, 'exit');

    const store = await openStore({ mongodbUri: null, mongodbDb: 'notula', dataDir });
    t.store = store;
    const clock = new TestClock();
    const q2 = new JobQueue(store, { leaseMs: 1000, clock: clock.now });
    const running = (await q2.get(job._id)) as JobDoc;
    expect(running.status).to.equal('running');
    // The dead worker's lease runs out: no renewal comes.
    clock.advance(1001);
    let finishedBy: string | null = null;
    const w = new Worker(
      q2,
      { slow: { run: async (_p, ctx) => void (finishedBy = ctx.job.leaseOwner) } },
      { concurrency: 1, leaseMs: 1000, pollMs: 50 },
      silent,
    );
    w.start();
    const done = await until(async () => {
      const j = await q2.get(job._id);
      return j?.status === 'done' ? j : null;
    });
    await w.stop();
    expect(done.attempts).to.equal(2);
    expect(finishedBy).to.equal(w.id);
    expect(finishedBy).to.not.equal(running.leaseOwner);
  });
});
