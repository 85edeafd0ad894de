/**
 * The embedded engine holds only resident documents in memory (the active work) and reads the rest
 * from SQLite: it must answer exactly as if it held everything, keep memory to the active work
 * however large the archive grows, and load only the active work at open.
 */
import { expect } from 'chai';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import fs from 'node:fs';
import { EmbeddedStore } from '../../server/store/embedded/store.ts';
import { StoreFailedError } from '../../server/store/embedded/journal.ts';
import { DocTable } from '../../server/store/embedded/doc-table.ts';
import { isResident, residentSql } from '../../server/store/embedded/residency.ts';
import type { Residency } from '../../server/store/embedded/residency.ts';
import { DuplicateKeyError } from '../../server/store/index.ts';
import type { Collection, Doc, Filter, FindOptions } from '../../server/store/index.ts';
import { makeTempDir } from '../helpers/store.ts';
import { rejection } from './contract/documents.ts';

interface Item extends Doc {
  status?: unknown;
  at?: unknown;
  org?: unknown;
  n?: number;
  text?: string;
}

const SEGMENTS: Residency = { kind: 'status', field: 'status', archived: ['approved', 'done'] };

describe('embedded store: only the active work in memory', () => {
  let dir: string;
  let store: EmbeddedStore;
  const open = (residency: Partial<Record<'segments' | 'tokens', Residency>> = {}) =>
    EmbeddedStore.open(dir, { residency: { segments: SEGMENTS, tokens: { kind: 'memory' }, ...residency } });
  beforeEach(() => {
    dir = makeTempDir('notula-resident-');
    store = open();
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const odd = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.integer({ min: 0, max: 3 }),
    fc.boolean(),
    fc.constant(['approved']),
    fc.constant(['open', 'done']),
    fc.constant({ s: 'approved' }),
  );
  const status = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('open', 'assigned', 'approved', 'done', '[x]', "it's") },
    { weight: 2, arbitrary: odd },
  );

  it('keeps a document in memory exactly when the SQL that loads it at open says so', () => {
    const db = new Database(':memory:');
    DocTable.ensureSchema(db);
    const table = new DocTable(db, 'segments');
    table.ensureResidentIndex(SEGMENTS.field, residentSql(SEGMENTS)!);
    fc.assert(
      fc.property(fc.array(status, { maxLength: 12 }), (statuses) => {
        db.exec('DELETE FROM docs');
        const docs = statuses.map((s, i) =>
          s === undefined ? { _id: `d${i}` } : { _id: `d${i}`, status: s },
        );
        docs.forEach((d) => table.insert(d._id, JSON.stringify(d), d));
        const loaded = table.loadResident(residentSql(SEGMENTS)).map((r) => (JSON.parse(r.j) as Doc)._id);
        expect(loaded).to.deep.equal(docs.filter((d) => isResident(SEGMENTS, d)).map((d) => d._id));
      }),
      { numRuns: 200 },
    );
    db.close();
  });

  it('answers every read and write exactly as a collection held wholly in memory, as documents move in and out of it', async () => {
    const value = fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: 0, max: 6 }) },
      fc.constant(2.5),
      fc.constant(null),
      fc.constant(undefined),
      fc.constantFrom('x', '['),
      fc.boolean(),
      fc.constant([1, 4]),
      fc.constant({ t: 1 }),
    );
    const org = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('o1', 'o2') },
      fc.constant(null),
      fc.constant(undefined),
      fc.constant(['o1', 'o2']),
      fc.constant(true),
      fc.constant(1),
    );
    const id = fc.integer({ min: 0, max: 9 }).map((i) => `e${i}`);
    const item = fc.record({ _id: id, status, at: value, org, n: fc.integer({ min: 0, max: 3 }) });
    const clean = (d: Record<string, unknown>): Item =>
      Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as unknown as Item;
    const filter: fc.Arbitrary<Filter> = fc.oneof(
      fc.constant({}),
      status.map((s) => ({ status: s ?? null })),
      fc.constant({ status: { $in: ['open', 'assigned'] } }),
      fc.constant({ status: { $in: ['approved', 'open'] } }),
      fc.constant({ $or: [{ status: 'open' }, { status: 'assigned', n: { $gte: 1 } }] }),
      org.map((o) => ({ org: o ?? null })),
      fc
        .tuple(fc.constantFrom('o1', 'o2'), fc.integer({ min: 0, max: 6 }))
        .map(([o, v]) => ({ org: o, at: { $lt: v } })),
      fc.integer({ min: 0, max: 6 }).map((v) => ({ at: { $gte: v, $lte: v + 2 } })),
      fc.integer({ min: 0, max: 3 }).map((n) => ({ n })),
      fc.tuple(fc.constantFrom('open', 'approved'), fc.integer({ min: 0, max: 3 })).map(([s, n]) => ({
        status: s,
        n: { $gte: n },
      })),
      fc.array(id, { maxLength: 3 }).map((ids) => ({ _id: { $in: ids } })),
    );
    const options: fc.Arbitrary<FindOptions> = fc.record(
      {
        sort: fc.constantFrom<FindOptions['sort']>(
          { at: -1 },
          { at: 1, _id: 1 },
          { n: 1 },
          { at: -1, n: 1 },
          { org: 1 },
        ),
        limit: fc.integer({ min: 0, max: 4 }),
        skip: fc.integer({ min: 0, max: 2 }),
        projection: fc.constantFrom<FindOptions['projection']>({ at: 1 }, { status: 0 }),
      },
      { requiredKeys: [] },
    );
    const update = fc.oneof(
      status.map((s) => (s === undefined ? { $unset: { status: '' } } : { $set: { status: s } })),
      fc.constant({ $inc: { n: 1 } }),
      org.map((o) => (o === undefined ? { $unset: { org: '' } } : { $set: { org: o } })),
      value.map((v) => (v === undefined ? { $unset: { at: '' } } : { $set: { at: v } })),
    );
    type Op =
      | { kind: 'insert'; docs: Item[] }
      | { kind: 'updateMany'; filter: Filter; update: Record<string, unknown> }
      | { kind: 'updateOne'; id: string; filter: Filter; update: Record<string, unknown>; upsert: boolean }
      | {
          kind: 'claim';
          filter: Filter;
          update: Record<string, unknown>;
          sort?: FindOptions['sort'];
          before: boolean;
        }
      | { kind: 'delete'; filter: Filter; many: boolean };
    const op: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .array(item, { minLength: 1, maxLength: 3 })
          .map((docs) => ({ kind: 'insert' as const, docs: docs.map(clean) })),
      },
      fc.record({ kind: fc.constant('updateMany' as const), filter, update }),
      fc.record({ kind: fc.constant('updateOne' as const), id, filter, update, upsert: fc.boolean() }),
      fc.record({
        kind: fc.constant('claim' as const),
        filter,
        update,
        sort: options.map((o) => o.sort),
        before: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('delete' as const), filter, many: fc.boolean() }),
    );
    const outcome = async (run: () => Promise<unknown>) => {
      try {
        return { value: await run() };
      } catch (err) {
        return { error: (err as Error).name };
      }
    };
    const apply = (c: Collection<Item>, o: Op): Promise<unknown> => {
      if (o.kind === 'insert') return c.insertMany(o.docs);
      if (o.kind === 'updateMany') return c.updateMany(o.filter, o.update);
      // Upserts name their _id so that both collections insert the same document.
      if (o.kind === 'updateOne')
        return c.updateOne({ ...o.filter, _id: o.id }, o.update, { upsert: o.upsert });
      if (o.kind === 'claim')
        return c.findOneAndUpdate(o.filter, o.update, {
          sort: o.sort,
          returnDocument: o.before ? 'before' : 'after',
        });
      return o.many ? c.deleteMany(o.filter) : c.deleteOne(o.filter);
    };
    const compare = async (queries: Array<[Filter, FindOptions]>) => {
      const tiered = store.collection<Item>('segments');
      const whole = store.collection<Item>('tokens');
      for (const [f, o] of queries) {
        const what = JSON.stringify([f, o]);
        expect(await tiered.find(f, o), what).to.deep.equal(await whole.find(f, o));
        expect(await tiered.findOne(f, o), what).to.deep.equal(await whole.findOne(f, o));
        expect(await tiered.countDocuments(f), what).to.equal(await whole.countDocuments(f));
      }
    };
    let round = 0;
    const property = fc.asyncProperty(
      fc.array(op, { minLength: 1, maxLength: 10 }),
      fc.array(fc.tuple(filter, options), { minLength: 1, maxLength: 6 }),
      fc.boolean(),
      async (ops, queries, reopen) => {
        const tiered = store.collection<Item>('segments');
        const whole = store.collection<Item>('tokens');
        await tiered.deleteMany({});
        await whole.deleteMany({});
        if (round++ === 0) {
          for (const c of [tiered, whole]) {
            await c.createIndex({ status: 1, at: -1 });
            await c.createIndex({ org: 1, at: -1 });
            await c.createIndex({ at: -1 });
            await c.createIndex({ org: 1, n: 1 }, { unique: true });
          }
        }
        for (const o of ops) {
          const what = JSON.stringify(o);
          expect(await outcome(() => apply(tiered, o)), what).to.deep.equal(
            await outcome(() => apply(whole, o)),
          );
        }
        await compare(queries);
        if (reopen) {
          await store.close();
          store = open();
          await compare(queries);
        }
      },
    );
    await fc.assert(property, { numRuns: 150 });
  });

  it('holds only the active documents in memory, however many are archived, and reads none of them to claim', async () => {
    const segments = store.collection<Item>('segments');
    await segments.createIndex({ status: 1, at: 1 });
    const text = 'kata '.repeat(300);
    for (let b = 0; b < 10; b++) {
      await segments.insertMany(
        Array.from({ length: 1000 }, (_, i) => ({ _id: `old${b}-${i}`, status: 'approved', at: i, text })),
      );
    }
    await segments.insertMany(
      Array.from({ length: 30 }, (_, i) => ({ _id: `new${i}`, status: 'open', at: i })),
    );
    expect(store.stats().segments.resident).to.equal(30);

    const before = store.stats().segments.rowsRead;
    const claimed = await segments.findOneAndUpdate(
      { status: 'open' },
      { $set: { status: 'assigned' } },
      { sort: { at: 1 } },
    );
    expect(claimed?._id).to.equal('new0');
    expect(store.stats().segments.rowsRead, 'rows read from SQLite to claim').to.equal(before);

    await segments.updateOne({ _id: 'new0' }, { $set: { status: 'approved' } });
    expect(store.stats().segments.resident).to.equal(29);
    // A reviewer reopens an approved segment: it comes back into memory.
    const reopened = await segments.findOneAndUpdate(
      { _id: 'old3-7', status: 'approved' },
      { $set: { status: 'open' } },
    );
    expect(reopened).to.include({ _id: 'old3-7', status: 'open', at: 7 });
    expect(store.stats().segments.resident).to.equal(30);
    expect(await segments.countDocuments({ status: 'approved' })).to.equal(10_000);
    expect(await segments.countDocuments({})).to.equal(10_030);
  });

  it('loads only the active documents at open, through an index rather than a read of the table', async () => {
    const segments = store.collection<Item>('segments');
    await segments.insertMany(
      Array.from({ length: 2000 }, (_, i) => ({ _id: `a${i}`, status: i % 100 ? 'done' : 'open' })),
    );
    await store.close();
    store = open();
    const stats = store.stats().segments;
    expect(stats.resident).to.equal(20);
    expect(stats.rowsRead).to.equal(0);
    await store.close();
    const db = new Database(`${dir}/notula.db`, { readonly: true, fileMustExist: true });
    try {
      const table = new DocTable(db, 'segments');
      const plan = table.plan(table.loadSql(residentSql(SEGMENTS)!));
      expect(plan).to.match(/USING INDEX docs:segments:resident:/);
      expect(plan).not.to.match(/SCAN/);
    } finally {
      db.close();
    }
  });

  it('refuses a duplicate key held by an archived document only', async () => {
    const segments = store.collection<Item>('segments');
    await segments.createIndex({ org: 1, n: 1 }, { unique: true });
    await segments.insertOne({ _id: 'old', status: 'approved', org: 'o1', n: 1 });
    expect(store.stats().segments.resident).to.equal(0);
    const err = await rejection(segments.insertOne({ _id: 'new', status: 'open', org: 'o1', n: 1 }));
    expect(err).to.be.instanceOf(DuplicateKeyError);
    expect(await rejection(segments.insertOne({ _id: 'old', status: 'open' }))).to.be.instanceOf(
      DuplicateKeyError,
    );
    await segments.insertOne({ _id: 'new', status: 'open', org: 'o1', n: 2 });
    expect(await rejection(segments.updateOne({ _id: 'new' }, { $set: { n: 1 } }))).to.be.instanceOf(
      DuplicateKeyError,
    );
    expect(await segments.find({}, { sort: { _id: 1 } })).to.deep.equal([
      { _id: 'new', status: 'open', org: 'o1', n: 2 },
      { _id: 'old', status: 'approved', org: 'o1', n: 1 },
    ]);
  });

  it('rolls memory and SQLite back together when a commit fails, also for documents that left memory', async () => {
    const segments = store.collection<Item>('segments');
    await segments.insertMany([
      { _id: 'a', status: 'open', n: 1 },
      { _id: 'b', status: 'approved', n: 1 },
    ]);
    store.journal.failNextCommit = new Error('disk I/O error');
    const lost = [
      segments.updateOne({ _id: 'a' }, { $set: { status: 'approved' } }),
      segments.updateOne({ _id: 'b' }, { $set: { status: 'open' } }),
      segments.insertOne({ _id: 'c', status: 'open' }),
    ];
    for (const p of lost) expect(await rejection(p)).to.be.instanceOf(StoreFailedError);
    expect(store.stats().segments.resident).to.equal(1);
    await store.close();
    store = open();
    expect(await store.collection<Item>('segments').find({}, { sort: { _id: 1 } })).to.deep.equal([
      { _id: 'a', status: 'open', n: 1 },
      { _id: 'b', status: 'approved', n: 1 },
    ]);
    expect(store.stats().segments.resident).to.equal(1);
  });
});
