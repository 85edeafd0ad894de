/**
 * Behaviour of the embedded engine beyond the shared contract: its all-or-nothing writes, what a
 * failed commit does, its lock, and index-assisted queries agreeing with full scans.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedStore } from '../../server/store/embedded/store.ts';
import { StoreFailedError } from '../../server/store/embedded/journal.ts';
import { DuplicateKeyError, StoreLockedError, openStore, type Sort } from '../../server/store/index.ts';
import { makeTempDir } from '../helpers/store.ts';
import { rejection } from './contract/documents.ts';

interface Row {
  _id: string;
  status?: unknown;
  n?: number;
  p?: unknown;
  q?: unknown;
  email?: string;
}

describe('embedded store', () => {
  let dir: string;
  let store: EmbeddedStore;
  const open = async () =>
    (await openStore({ mongodbUri: null, mongodbDb: 'notula', dataDir: dir })) as EmbeddedStore;
  beforeEach(async () => {
    dir = makeTempDir('notula-embedded-');
    store = await open();
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('inserts nothing from a batch that holds a duplicate', async () => {
    const rows = store.collection<Row>('users');
    await rows.createIndex({ email: 1 }, { unique: true });
    await rows.insertOne({ _id: 'a', email: 'a@x' });
    const err = await rejection(
      rows.insertMany([
        { _id: 'b', email: 'b@x' },
        { _id: 'c', email: 'b@x' },
      ]),
    );
    expect(err).to.be.instanceOf(DuplicateKeyError);
    expect(await rejection(rows.insertMany([{ _id: 'd' }, { _id: 'd' }]))).to.be.instanceOf(
      DuplicateKeyError,
    );
    expect((await rows.find({})).map((r) => r._id)).to.deep.equal(['a']);
  });

  it('changes nothing when an updateMany would duplicate a unique key on any document', async () => {
    const rows = store.collection<Row>('users');
    await rows.createIndex({ email: 1 }, { unique: true });
    await rows.insertMany([
      { _id: 'a', email: 'a@x', n: 1 },
      { _id: 'b', email: 'b@x', n: 1 },
    ]);
    expect(await rejection(rows.updateMany({ n: 1 }, { $set: { email: 'same@x' } }))).to.be.instanceOf(
      DuplicateKeyError,
    );
    expect(await rows.find({}, { sort: { _id: 1 } })).to.deep.equal([
      { _id: 'a', email: 'a@x', n: 1 },
      { _id: 'b', email: 'b@x', n: 1 },
    ]);
  });

  it('rejects the writes of a failed commit, rolls them back and stops until restarted', async () => {
    const rows = store.collection<Row>('jobs');
    await rows.insertOne({ _id: 'kept', n: 1 });
    store.journal.failNextCommit = new Error('disk I/O error');
    const lost = [
      rows.insertOne({ _id: 'lost' }),
      rows.updateOne({ _id: 'kept' }, { $inc: { n: 1 } }),
      rows.findOne({ _id: 'lost' }),
    ];
    for (const p of lost) expect(await rejection(p)).to.be.instanceOf(StoreFailedError);
    const after = await rejection(rows.findOne({ _id: 'kept' }));
    expect(after).to.be.instanceOf(StoreFailedError);
    expect((after as Error).message).to.include('restart Notula');
    await store.close();
    store = await open();
    expect(await store.collection<Row>('jobs').find({})).to.deep.equal([{ _id: 'kept', n: 1 }]);
  });

  it('refuses a second open in the same process until the first is closed', async () => {
    const err = await rejection(open());
    expect(err).to.be.instanceOf(StoreLockedError);
    expect((err as Error).message).to.include(`pid ${process.pid}`);
    await store.close();
    store = await open();
    await store.ping();
  });

  it('takes over a lock file left by a process that no longer exists', async () => {
    await store.close();
    const lockFile = path.join(dir, 'notula.lock');
    fs.writeFileSync(lockFile, JSON.stringify({ pid: 4194303, hostname: os.hostname(), startedAt: 0 }));
    store = await open();
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid).to.equal(process.pid);
    await store.close();
    expect(fs.existsSync(lockFile)).to.equal(false);
  });

  it('answers equality queries on indexed fields (also under $or and $and), and their first match in an order (a claim), exactly as a full scan does', async () => {
    const value = fc.oneof(
      fc.constantFrom('open', 'assigned', 'done'),
      fc.constant(null),
      fc.integer({ min: 0, max: 3 }),
    );
    const field = fc.oneof(value, fc.array(value, { maxLength: 3 }), fc.constant(undefined));
    // The sort fields: mostly numbers, sometimes what MongoDB orders by type (missing, text, an array).
    const rank = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 5 }) },
      { weight: 1, arbitrary: fc.constantFrom(undefined, null, 'x', true) },
      { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }) },
    );
    const doc = fc.record({ status: field, n: fc.integer({ min: 0, max: 5 }), p: rank, q: rank });
    const filter = fc.oneof(
      value.map((v) => ({ status: v })),
      fc.array(value, { minLength: 1, maxLength: 3 }).map((vs) => ({ status: { $in: vs } })),
      fc
        .tuple(value, fc.integer({ min: 0, max: 5 }))
        .map(([v, n]) => ({ status: { $eq: v }, n: { $gte: n } })),
      // A claim's shape: either of two statuses, the second with a further condition.
      fc
        .tuple(value, value, fc.integer({ min: 0, max: 5 }))
        .map(([a, b, n]) => ({ $or: [{ status: a }, { status: b, n: { $lt: n } }] })),
      fc.tuple(value, fc.integer({ min: 0, max: 5 })).map(([v, n]) => ({ $or: [{ status: v }, { n }] })),
      fc
        .tuple(value, fc.integer({ min: 0, max: 5 }))
        .map(([v, n]) => ({ $and: [{ status: v }, { n: { $gte: n } }] })),
    );
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(doc, { maxLength: 30 }),
        fc.array(filter, { minLength: 1, maxLength: 5 }),
        async (docs, filters) => {
          round++;
          const indexed = store.collection<Row>('segments');
          const plain = store.collection<Row>('jobs');
          await indexed.deleteMany({});
          await plain.deleteMany({});
          if (round === 1) {
            await indexed.createIndex({ status: 1, n: 1 });
            // As the claim index: the queue's order after the status.
            await indexed.createIndex({ status: 1, p: -1, q: 1 });
          }
          const rows = docs.map((d, i) => {
            const r: Row = { _id: `d${i}`, n: d.n };
            if (d.status !== undefined) r.status = d.status;
            if (d.p !== undefined) r.p = d.p;
            if (d.q !== undefined) r.q = d.q;
            return r;
          });
          await indexed.insertMany(rows);
          await plain.insertMany(rows);
          // Move some documents between keys, and within an order, so the indexes see removals too.
          for (const c of [indexed, plain]) {
            await c.updateMany({ n: 0 }, { $set: { status: 'done' } });
            await c.updateMany({ n: 1 }, { $set: { p: 2 }, $unset: { q: '' } });
            await c.deleteMany({ n: 5 });
          }
          for (const f of filters) {
            const a = await indexed.find(f, { sort: { _id: 1 } });
            const b = await plain.find(f, { sort: { _id: 1 } });
            expect(a, JSON.stringify(f)).to.deep.equal(b);
            // The first in an order (a claim's pick): in one pass over the index's sets, or from
            // the front of the lists an index keeps in that very order.
            const sorts: Sort[] = [{ n: -1, status: 1 }, { n: 1 }, { p: -1, q: 1 }, { p: 1, q: 1 }];
            for (const sort of sorts) {
              expect(
                await indexed.findOne(f, { sort }),
                `${JSON.stringify(f)} ${JSON.stringify(sort)}`,
              ).to.deep.equal(await plain.findOne(f, { sort }));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
