/**
 * Embedded store micro-benchmark: draft saves (findOneAndUpdate on _id + version + lease) and
 * claims (the service's: findOneAndUpdate of an open segment or a held one whose lease ran out,
 * in queue order, with its index) over 5,000 segments of a few KB each, with
 * CONCURRENCY operations in flight. Prints writes/s and latency percentiles.
 *
 *   node --import tsx scripts/bench-store.ts [seconds=5] [concurrency=64]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../server/store/index.ts';
import type { Doc } from '../server/store/index.ts';
import { CLAIM_SORT } from '../server/services/work.ts';

interface Segment extends Doc {
  status: string;
  priority: number;
  recordingCreatedAt: number;
  index: number;
  version: number;
  holderId: string | null;
  leaseExpiresAt: number;
  turns: Array<{ start: number; end: number; speaker: string; text: string }>;
}

const seconds = Number(process.argv[2] ?? 5);
const concurrency = Number(process.argv[3] ?? 64);
const SEGMENTS = 5000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function turns(seed: number): Segment['turns'] {
  return Array.from({ length: 8 }, (_, i) => ({
    start: i * 10,
    end: i * 10 + 9,
    speaker: `S${i % 3}`,
    text: `word${seed} `.repeat(60),
  }));
}

async function run(name: string, op: (i: number) => Promise<unknown>): Promise<void> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  let i = 0;
  const worker = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      await op(i++);
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const f = (ms: number) => ms.toFixed(2).padStart(7);
  console.log(
    `${name.padEnd(34)} ${(latencies.length / elapsed).toFixed(0).padStart(7)} ops/s   p50 ${f(percentile(latencies, 50))} ms   p99 ${f(percentile(latencies, 99))} ms   max ${f(latencies[latencies.length - 1])} ms`,
  );
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notula-bench-store-'));
const store = await openStore({ mongodbUri: null, mongodbDb: 'notula', dataDir });
try {
  const segments = store.collection<Segment>('segments');
  // The service's claim index (services/index.ts).
  await segments.createIndex({ status: 1, ...CLAIM_SORT });
  const now = Date.now();
  const docs: Segment[] = Array.from({ length: SEGMENTS }, (_, i) => ({
    _id: `seg${String(i).padStart(5, '0')}`,
    status: i < SEGMENTS / 2 ? 'assigned' : 'open',
    priority: i % 3,
    recordingCreatedAt: now - (i % 50) * 1000,
    index: i,
    version: 0,
    holderId: i < SEGMENTS / 2 ? `user${i % 100}` : null,
    leaseExpiresAt: i < SEGMENTS / 2 ? now + 3_600_000 : 0,
    turns: turns(i),
  }));
  const t0 = performance.now();
  await segments.insertMany(docs);
  console.log(
    `inserted ${SEGMENTS} segments (~${(JSON.stringify(docs[0]).length / 1024).toFixed(1)} KB each) in ${(performance.now() - t0).toFixed(0)} ms`,
  );
  console.log(`${concurrency} in flight, ${seconds} s per run, ${os.cpus().length} cores`);

  const versions = new Map<string, number>();
  await run('draft save (findOneAndUpdate on _id)', async (i) => {
    const id = `seg${String(i % (SEGMENTS / 2)).padStart(5, '0')}`;
    const version = versions.get(id) ?? 0;
    versions.set(id, version + 1);
    const saved = await segments.findOneAndUpdate(
      {
        _id: id,
        version,
        holderId: `user${(i % (SEGMENTS / 2)) % 100}`,
        leaseExpiresAt: { $gt: Date.now() },
      },
      { $set: { turns: turns(i), savedAt: Date.now() }, $inc: { version: 1 } },
    );
    if (!saved) throw new Error(`save of ${id} at version ${version} did not match`);
  });
  await run('updateOne on _id ($set small field)', (i) =>
    segments.updateOne(
      { _id: `seg${String(i % SEGMENTS).padStart(5, '0')}` },
      { $set: { touchedAt: Date.now() } },
    ),
  );
  await run('claim (queue order), then release', async (i) => {
    const now = Date.now();
    const claimed = await segments.findOneAndUpdate(
      // The service's claim: an open segment, or a held one whose lease ran out (none here).
      { $or: [{ status: 'open' }, { status: 'assigned', leaseExpiresAt: { $lte: now } }] },
      { $set: { status: 'assigned', holderId: `c${i}`, leaseExpiresAt: now + 60_000 } },
      // The service's own claim order, so this measures what a claim costs.
      { sort: CLAIM_SORT },
    );
    if (claimed) await segments.updateOne({ _id: claimed._id }, { $set: { status: 'open', holderId: null } });
  });
  await run('findOne on _id', (i) =>
    segments.findOne({ _id: `seg${String(i % SEGMENTS).padStart(5, '0')}` }),
  );
} finally {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
