/**
 * The embedded engine's cold collections (audit): kept in SQLite only, they must answer exactly as
 * a collection held in memory does, keep memory flat however large they grow, survive restarts and
 * failed commits like any other write, and pick up audit rows written before they were cold.
 */
import { expect } from 'chai';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { ColdCollection } from '../../server/store/embedded/cold-collection.ts';
import { StoreFailedError } from '../../server/store/embedded/journal.ts';
import { EmbeddedStore } from '../../server/store/embedded/store.ts';
import { DuplicateKeyError, openStore } from '../../server/store/index.ts';
import type { Doc, FindOptions } from '../../server/store/index.ts';
import { makeTempDir } from '../helpers/store.ts';
import { rejection } from './contract/documents.ts';

interface Entry extends Doc {
  at?: unknown;
  action?: string | string[];
  orgId?: string | null;
  n?: number;
  target?: string;
}

describe('embedded store: cold collections', () => {
  let dir: string;
  let store: EmbeddedStore;
  const open = async () =>
    (await openStore({ mongodbUri: null, mongodbDb: 'notula', dataDir: dir })) as EmbeddedStore;
  beforeEach(async () => {
    dir = makeTempDir('notula-cold-');
    store = await open();
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the audit collection out of memory', () => {
    expect(store.collection('audit')).to.be.instanceOf(ColdCollection);
    expect(store.collection('webhooks')).not.to.be.instanceOf(ColdCollection);
  });

  it('answers every query exactly as a collection held in memory does', async () => {
    const at = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 8 }) },
      fc.constant(2.5),
      fc.constant(null),
      fc.constant(undefined),
      fc.constantFrom('x', 'a'),
      fc.boolean(),
      fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 2 }),
      fc.record({ t: fc.integer({ min: 0, max: 2 }) }),
    );
    const entry = fc.record({
      at,
      action: fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom('segment.save', 'segment.submit') },
        // An array matches an equality element-wise: the pair index must read it apart.
        fc.constant(['segment.save', 'login']).map((a) => [...a]),
      ),
      orgId: fc.constantFrom('o1', 'o2', null),
    });
    // Each condition is left out more often than not, so many queries read through the ordered path.
    const sometimes = <V>(arb: fc.Arbitrary<V>) =>
      fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
    const filter = fc
      .record({
        action: sometimes(fc.constantFrom('segment.save', 'segment.submit')),
        orgId: sometimes(fc.constantFrom('o1', null)),
        at: sometimes(
          fc.oneof(
            fc.integer({ min: 0, max: 8 }).map((v) => ({ $lt: v })),
            fc.integer({ min: 0, max: 8 }).map((v) => ({ $gte: v, $lte: v + 3 })),
            fc.integer({ min: 0, max: 8 }),
          ),
        ),
        _id: sometimes(
          fc
            .array(
              fc.integer({ min: 0, max: 12 }).map((i) => `e${i}`),
              { maxLength: 3 },
            )
            .map((ids) => ({ $in: ids })),
        ),
      })
      .map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)));
    const options: fc.Arbitrary<FindOptions> = fc.record(
      {
        sort: fc.constantFrom<FindOptions['sort']>(
          { at: -1 },
          { at: 1 },
          { at: -1, _id: 1 },
          { at: 1, n: -1 },
          { n: 1 },
          { _id: -1 },
        ),
        limit: fc.integer({ min: 0, max: 6 }),
        skip: fc.integer({ min: 0, max: 3 }),
        projection: fc.constantFrom<FindOptions['projection']>({ at: 1 }, { action: 0 }),
      },
      { requiredKeys: [] },
    );
    const property = fc.asyncProperty(
      fc.array(entry, { maxLength: 14 }),
      fc.array(fc.tuple(filter, options), { minLength: 1, maxLength: 6 }),
      async (entries, queries) => {
        const cold = store.collection<Entry>('audit');
        const hot = store.collection<Entry>('jobs');
        await cold.deleteMany({});
        await hot.deleteMany({});
        const docs = entries.map((e, i) => {
          const d: Entry = { _id: `e${i}`, action: e.action, orgId: e.orgId, n: i % 3 };
          if (e.at !== undefined) d.at = e.at;
          return d;
        });
        for (const c of [cold, hot]) {
          await c.insertMany(docs);
          // Updates keep a document's place; a delete and re-insert moves it to the end.
          await c.updateMany({ n: 1 }, { $inc: { n: 10 } });
          const moved = await c.findOne({ n: 0 });
          if (moved) {
            await c.deleteOne({ _id: moved._id });
            await c.insertOne(moved);
          }
        }
        for (const [f, o] of queries) {
          const what = JSON.stringify([f, o]);
          expect(await cold.find(f, o), what).to.deep.equal(await hot.find(f, o));
          expect(await cold.findOne(f, o), what).to.deep.equal(await hot.findOne(f, o));
          expect(await cold.countDocuments(f), what).to.equal(await hot.countDocuments(f));
        }
      },
    );
    // Without an index every read scans; with one, reads sorted on `at` walk the SQLite index.
    await fc.assert(property, { numRuns: 50 });
    await store.collection('audit').createIndex({ at: -1 });
    await fc.assert(property, { numRuns: 150 });
    // Pair indexes: a read pinning `action` (or `orgId`) and sorted on `at` walks only those rows.
    await store.collection('audit').createIndex({ action: 1, at: -1 });
    await store.collection('audit').createIndex({ orgId: 1, at: -1 });
    await fc.assert(property, { numRuns: 150 });
  });

  it('reads one person’s entries newest first through the pair index, touching no one else’s', async () => {
    const audit = store.collection<Entry & { actorId: string }>('audit') as unknown as ColdCollection<
      Entry & { actorId: string }
    >;
    await audit.createIndex({ at: -1 });
    await audit.createIndex({ actorId: 1, at: -1 });
    const docs = Array.from({ length: 5000 }, (_, i) => ({
      _id: `a${i}`,
      at: 1_000_000 + i,
      actorId: `u${i % 50}`,
      action: i % 2 ? 'segment.save' : 'login',
    }));
    await audit.insertMany(docs);
    const before = audit.rowsRead;
    const page = await audit.find({ actorId: 'u7', at: { $lt: 1_004_000 } }, { sort: { at: -1 }, limit: 20 });
    expect(page.map((d) => d._id)).to.deep.equal(Array.from({ length: 20 }, (_, i) => `a${3957 - 50 * i}`));
    // 20 rows (and the group boundary the walk stops on): not the 5,000 a scan would read.
    expect(audit.rowsRead - before).to.be.at.most(22);
  });

  it('writes idempotent entries once, however many upserts race for the same _id', async () => {
    const audit = store.collection<Entry>('audit');
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, n) =>
        audit.updateOne(
          { _id: 'once' },
          { $setOnInsert: { at: 1, action: 'merge.done', n } },
          { upsert: true },
        ),
      ),
    );
    expect(results.filter((r) => r.upsertedId === 'once')).to.have.length(1);
    expect(results.filter((r) => r.matchedCount === 1 && r.modifiedCount === 0)).to.have.length(4);
    expect(await audit.find({})).to.deep.equal([{ _id: 'once', at: 1, action: 'merge.done', n: 0 }]);
    expect(await rejection(audit.insertOne({ _id: 'once' }))).to.be.instanceOf(DuplicateKeyError);
  });

  it('refuses a unique index on other fields than _id', async () => {
    const audit = store.collection<Entry>('audit');
    expect(await rejection(audit.createIndex({ action: 1 }, { unique: true }))).to.be.instanceOf(Error);
    await audit.insertMany([
      { _id: 'a', action: 'x' },
      { _id: 'b', action: 'x' },
    ]);
  });

  it('rolls back the cold writes of a failed commit with the rest, and stops', async () => {
    const audit = store.collection<Entry>('audit');
    await audit.insertOne({ _id: 'kept', at: 1 });
    store.journal.failNextCommit = new Error('disk I/O error');
    const lost = [
      audit.insertOne({ _id: 'lost', at: 2 }),
      audit.deleteMany({}),
      store.collection<Entry>('jobs').insertOne({ _id: 'lost' }),
      audit.find({}),
    ];
    for (const p of lost) expect(await rejection(p)).to.be.instanceOf(StoreFailedError);
    expect(await rejection(audit.countDocuments())).to.be.instanceOf(StoreFailedError);
    await store.close();
    store = await open();
    expect(await store.collection<Entry>('audit').find({})).to.deep.equal([{ _id: 'kept', at: 1 }]);
    expect(await store.collection<Entry>('jobs').countDocuments()).to.equal(0);
  });

  it('moves audit entries written while the collection was held in memory to its table', async () => {
    await store.close();
    const db = new Database(path.join(dir, 'notula.db'));
    db.exec('DROP TABLE cold_audit');
    const put = db.prepare('INSERT INTO docs (coll, id, json) VALUES (?, ?, ?)');
    for (let i = 0; i < 5; i++) put.run('audit', `old${i}`, JSON.stringify({ _id: `old${i}`, at: i }));
    put.run('jobs', 'j1', JSON.stringify({ _id: 'j1' }));
    const spec = { name: 'at_-1', keys: { at: -1 }, unique: false };
    db.prepare('INSERT INTO indexes (coll, name, spec) VALUES (?, ?, ?)').run(
      'audit',
      'at_-1',
      JSON.stringify(spec),
    );
    db.close();
    store = await open();
    const audit = store.collection<Entry>('audit');
    expect(
      (await audit.find({ at: { $lt: 4 } }, { sort: { at: -1 }, limit: 2 })).map((d) => d._id),
    ).to.deep.equal(['old3', 'old2']);
    await audit.createIndex({ at: -1 });
    expect(await store.collection('jobs').countDocuments()).to.equal(1);
    await store.close();
    const check = new Database(path.join(dir, 'notula.db'), { readonly: true });
    try {
      expect(check.prepare("SELECT count(*) AS n FROM docs WHERE coll = 'audit'").get()).to.deep.equal({
        n: 0,
      });
    } finally {
      check.close();
    }
    store = await open();
    expect(await store.collection('audit').countDocuments()).to.equal(5);
  });

  it('keeps heap use flat while 200,000 audit entries are written, and reads the newest first', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const audit = store.collection<Entry>('audit');
    await audit.createIndex({ at: -1 });
    const entry = (i: number): Entry & { details: object; actorId: string; target: string; ip: string } => ({
      _id: `0${String(i).padStart(9, '0')}`,
      at: 1_700_000_000_000 + i,
      actorId: `user${i % 100}`,
      orgId: `org${i % 7}`,
      action: i % 10 === 0 ? 'segment.submit' : 'segment.save',
      target: `seg${i}`,
      details: { version: i, recordingId: `rec${i % 50}` },
      ip: '127.0.0.1',
    });
    const write = async (from: number, to: number) => {
      for (let i = from; i < to; i += 1000) {
        await Promise.all(Array.from({ length: 1000 }, (_, j) => audit.insertOne(entry(i + j))));
      }
    };
    await write(0, 20_000);
    gc();
    const before = process.memoryUsage().heapUsed;
    await write(20_000, 200_000);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // Held in memory, 180,000 such entries take well over 100 MB.
    expect(grown, `heap grew by ${(grown / 1e6).toFixed(1)} MB`).to.be.below(15e6);
    expect(await audit.countDocuments()).to.equal(200_000);
    const page = await audit.find(
      { action: 'segment.submit', at: { $lt: 1_700_000_000_000 + 150_000 } },
      { sort: { at: -1 }, limit: 3 },
    );
    expect(page.map((d) => d.target)).to.deep.equal(['seg149990', 'seg149980', 'seg149970']);
  });
});
