/**
 * What every engine must do with documents. Registered once per engine by contract.test.ts.
 */
import { expect } from 'chai';
import { DuplicateKeyError } from '../../../server/store/index.ts';
import type { Collection, CollectionName, Doc } from '../../../server/store/index.ts';
import type { TestStore } from '../../helpers/store.ts';

interface Item extends Doc {
  n?: number;
  name?: string;
  tags?: string[];
  nested?: { a?: number; b?: number };
  status?: string;
  by?: number;
  org?: string;
  email?: string;
}

export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

export interface ContractVariant {
  /** The collection most cases run on. */
  collection: CollectionName;
  /** False for the embedded engine's cold collections, which support no unique index but _id's. */
  uniqueIndexes: boolean;
}

/**
 * Registers the cases. A variant without unique indexes runs every case on its one collection
 * (claims and durability included) and leaves out those about secondary unique indexes.
 */
export function documentContract(
  open: () => Promise<TestStore>,
  variant: ContractVariant = { collection: 'recordings', uniqueIndexes: true },
): void {
  let t: TestStore;
  let items: Collection<Item>;
  const other = (name: CollectionName): Collection<Item> =>
    variant.uniqueIndexes ? t.store.collection<Item>(name) : items;
  beforeEach(async () => {
    t = await open();
    items = t.store.collection<Item>(variant.collection);
  });
  afterEach(() => t.dispose());

  describe('basic reads and writes', () => {
    it('finds what was inserted, counts it, and deletes it', async () => {
      await items.insertOne({ _id: 'a', n: 1, name: 'alpha' });
      await items.insertMany([
        { _id: 'b', n: 2 },
        { _id: 'c', n: 3 },
      ]);
      expect(await items.findOne({ _id: 'a' })).to.deep.equal({ _id: 'a', n: 1, name: 'alpha' });
      expect(await items.findOne({ _id: 'nope' })).to.equal(null);
      expect(await items.countDocuments()).to.equal(3);
      expect(await items.countDocuments({ n: { $gte: 2 } })).to.equal(2);
      expect(await items.deleteOne({ n: { $gte: 2 } })).to.deep.equal({ deletedCount: 1 });
      expect(await items.deleteMany({})).to.deep.equal({ deletedCount: 2 });
      expect(await items.find({})).to.deep.equal([]);
    });

    it('refuses a second document with the same _id and keeps the first', async () => {
      await items.insertOne({ _id: 'a', n: 1 });
      const err = await rejection(items.insertOne({ _id: 'a', n: 2 }));
      expect(err).to.be.instanceOf(DuplicateKeyError);
      expect((err as DuplicateKeyError).code).to.equal(11000);
      expect(await items.findOne({ _id: 'a' })).to.deep.equal({ _id: 'a', n: 1 });
    });

    it('matches queries on ranges, sets, dotted paths, array elements and missing fields', async () => {
      await items.insertMany([
        { _id: 'a', n: 1, tags: ['x', 'y'], nested: { a: 1 } },
        { _id: 'b', n: 5, tags: ['y'], nested: { a: 2 } },
        { _id: 'c', n: 9, name: 'c' },
      ]);
      const ids = async (f: Record<string, unknown>) =>
        (await items.find(f, { sort: { _id: 1 } })).map((d) => d._id);
      expect(await ids({ n: { $gt: 1, $lt: 9 } })).to.deep.equal(['b']);
      expect(await ids({ _id: { $in: ['a', 'c', 'zz'] } })).to.deep.equal(['a', 'c']);
      expect(await ids({ tags: 'x' })).to.deep.equal(['a']);
      expect(await ids({ 'nested.a': 2 })).to.deep.equal(['b']);
      expect(await ids({ name: null })).to.deep.equal(['a', 'b']);
      expect(await ids({ $or: [{ n: 1 }, { name: 'c' }] })).to.deep.equal(['a', 'c']);
      expect(await ids({ name: { $exists: true } })).to.deep.equal(['c']);
    });
  });

  describe('update operators', () => {
    it('applies $set, $unset, $inc, $min, $max and reports matched and modified counts', async () => {
      await items.insertOne({ _id: 'a', n: 5, name: 'x', nested: { a: 1 } });
      const r = await items.updateOne(
        { _id: 'a' },
        { $set: { 'nested.b': 2 }, $unset: { name: '' }, $inc: { n: 3 } },
      );
      expect(r).to.deep.equal({ matchedCount: 1, modifiedCount: 1 });
      await items.updateOne({ _id: 'a' }, { $min: { n: 4 }, $max: { 'nested.a': 7 } });
      expect(await items.findOne({ _id: 'a' })).to.deep.equal({ _id: 'a', n: 4, nested: { a: 7, b: 2 } });
      expect(await items.updateOne({ _id: 'a' }, { $set: { n: 4 } })).to.deep.equal({
        matchedCount: 1,
        modifiedCount: 0,
      });
      expect(await items.updateOne({ _id: 'zz' }, { $set: { n: 4 } })).to.deep.equal({
        matchedCount: 0,
        modifiedCount: 0,
      });
    });

    it('applies $push with $each and $slice, $pull with a condition and $addToSet', async () => {
      await items.insertOne({ _id: 'a', tags: ['a', 'b'] });
      await items.updateOne({ _id: 'a' }, { $push: { tags: { $each: ['c', 'd', 'e'], $slice: -4 } } });
      expect((await items.findOne({ _id: 'a' }))?.tags).to.deep.equal(['b', 'c', 'd', 'e']);
      await items.updateOne({ _id: 'a' }, { $pull: { tags: { $in: ['c', 'e'] } } });
      await items.updateOne({ _id: 'a' }, { $addToSet: { tags: 'b' } });
      await items.updateOne({ _id: 'a' }, { $addToSet: { tags: 'z' } });
      expect((await items.findOne({ _id: 'a' }))?.tags).to.deep.equal(['b', 'd', 'z']);
    });

    it('updates every match with updateMany', async () => {
      await items.insertMany([
        { _id: 'a', n: 1 },
        { _id: 'b', n: 2 },
        { _id: 'c', n: 3 },
      ]);
      expect(await items.updateMany({ n: { $lte: 2 } }, { $inc: { n: 10 } })).to.deep.equal({
        matchedCount: 2,
        modifiedCount: 2,
      });
      expect((await items.find({}, { sort: { _id: 1 } })).map((d) => d.n)).to.deep.equal([11, 12, 3]);
    });

    it('upserts from the filter fields, applying $setOnInsert only when inserting', async () => {
      const r = await items.updateOne(
        { name: 'new', n: 1 },
        { $set: { status: 's' }, $setOnInsert: { by: 7 } },
        { upsert: true },
      );
      expect(r.matchedCount).to.equal(0);
      expect(r.upsertedId).to.be.a('string');
      expect(await items.findOne({ _id: r.upsertedId })).to.deep.equal({
        _id: r.upsertedId,
        name: 'new',
        n: 1,
        status: 's',
        by: 7,
      });
      const again = await items.updateOne(
        { name: 'new', n: 1 },
        { $set: { status: 't' }, $setOnInsert: { by: 8 } },
        { upsert: true },
      );
      expect(again).to.deep.equal({ matchedCount: 1, modifiedCount: 1 });
      expect(await items.findOne({ name: 'new' })).to.include({ status: 't', by: 7 });
      const created = await items.findOneAndUpdate({ _id: 'fixed' }, { $inc: { n: 1 } }, { upsert: true });
      expect(created).to.deep.equal({ _id: 'fixed', n: 1 });
      expect(
        await items.findOneAndUpdate(
          { _id: 'other' },
          { $inc: { n: 1 } },
          { upsert: true, returnDocument: 'before' },
        ),
      ).to.equal(null);
      expect(
        await items.findOneAndUpdate({ _id: 'other' }, { $inc: { n: 1 } }, { returnDocument: 'before' }),
      ).to.deep.equal({ _id: 'other', n: 1 });
    });
  });

  describe('find options', () => {
    beforeEach(() =>
      items.insertMany([
        { _id: 'a', n: 2, name: 'z', nested: { a: 1, b: 2 } },
        { _id: 'b', n: 1, name: 'y' },
        { _id: 'c', n: 2, name: 'x' },
        { _id: 'd', n: 3, name: 'w' },
      ]),
    );

    it('sorts on several keys, then skips and limits', async () => {
      const all = await items.find({}, { sort: { n: -1, name: 1 } });
      expect(all.map((d) => d._id)).to.deep.equal(['d', 'c', 'a', 'b']);
      const page = await items.find({}, { sort: { n: -1, name: 1 }, skip: 1, limit: 2 });
      expect(page.map((d) => d._id)).to.deep.equal(['c', 'a']);
      expect((await items.findOne({ n: 2 }, { sort: { name: 1 } }))?._id).to.equal('c');
    });

    it('projects included or excluded fields', async () => {
      expect(await items.find({ _id: 'a' }, { projection: { name: 1 } })).to.deep.equal([
        { _id: 'a', name: 'z' },
      ]);
      expect(await items.findOne({ _id: 'a' }, { projection: { nested: 0, n: 0 } })).to.deep.equal({
        _id: 'a',
        name: 'z',
      });
      expect(await items.findOne({ _id: 'a' }, { projection: { 'nested.b': 1 } })).to.deep.equal({
        _id: 'a',
        nested: { b: 2 },
      });
    });

    it('returns only the projected fields of a document it updates, and a copy the caller cannot change it through', async () => {
      const after = await items.findOneAndUpdate(
        { _id: 'a' },
        { $inc: { n: 1 } },
        { projection: { n: 1, nested: 1, missing: 1 } },
      );
      expect(after).to.deep.equal({ _id: 'a', n: 3, nested: { a: 1, b: 2 } });
      (after as { nested: { a: number } }).nested.a = 99;
      const before = await items.findOneAndUpdate(
        { _id: 'a' },
        { $set: { name: 'v' } },
        { projection: { name: 1, _id: 0 }, returnDocument: 'before' },
      );
      expect(before).to.deep.equal({ name: 'z' });
      expect(await items.findOne({ _id: 'a' })).to.deep.equal({
        _id: 'a',
        n: 3,
        name: 'v',
        nested: { a: 1, b: 2 },
      });
    });
  });

  if (variant.uniqueIndexes)
    describe('unique indexes', () => {
      it('rejects an insert or update that would duplicate a unique field and changes nothing', async () => {
        const users = t.store.collection<Item>('users');
        await users.createIndex({ email: 1 }, { unique: true });
        await users.createIndex({ email: 1 }, { unique: true });
        await users.insertMany([
          { _id: 'u1', email: 'a@x' },
          { _id: 'u2', email: 'b@x' },
        ]);
        expect(await rejection(users.insertOne({ _id: 'u3', email: 'a@x' }))).to.be.instanceOf(
          DuplicateKeyError,
        );
        expect(
          await rejection(users.updateOne({ _id: 'u2' }, { $set: { email: 'a@x', n: 1 } })),
        ).to.be.instanceOf(DuplicateKeyError);
        expect(
          await rejection(users.findOneAndUpdate({ _id: 'u2' }, { $set: { email: 'a@x' } })),
        ).to.be.instanceOf(DuplicateKeyError);
        expect(await users.find({}, { sort: { _id: 1 } })).to.deep.equal([
          { _id: 'u1', email: 'a@x' },
          { _id: 'u2', email: 'b@x' },
        ]);
        await users.updateOne({ _id: 'u1' }, { $set: { email: 'c@x' } });
        await users.insertOne({ _id: 'u3', email: 'a@x' });
        expect(await users.countDocuments({})).to.equal(3);
      });

      it('enforces a compound unique index on the combination only', async () => {
        const users = t.store.collection<Item>('users');
        await users.createIndex({ org: 1, email: 1 }, { unique: true, name: 'org_email' });
        await users.insertMany([
          { _id: 'u1', org: 'o1', email: 'a@x' },
          { _id: 'u2', org: 'o2', email: 'a@x' },
          { _id: 'u3', org: 'o1', email: 'b@x' },
        ]);
        const err = await rejection(users.insertOne({ _id: 'u4', org: 'o2', email: 'a@x' }));
        expect(err).to.be.instanceOf(DuplicateKeyError);
        expect((err as DuplicateKeyError).index).to.equal('org_email');
        expect(await rejection(users.updateOne({ _id: 'u3' }, { $set: { email: 'a@x' } }))).to.be.instanceOf(
          DuplicateKeyError,
        );
        expect(await users.findOne({ _id: 'u3' })).to.deep.equal({ _id: 'u3', org: 'o1', email: 'b@x' });
        expect(await users.countDocuments()).to.equal(3);
      });

      it('refuses to create a unique index over data that already breaks it', async () => {
        const users = t.store.collection<Item>('users');
        await users.insertMany([
          { _id: 'u1', email: 'a@x' },
          { _id: 'u2', email: 'a@x' },
        ]);
        expect(await rejection(users.createIndex({ email: 1 }, { unique: true }))).to.be.instanceOf(
          DuplicateKeyError,
        );
        await users.insertOne({ _id: 'u3', email: 'a@x' });
      });
    });

  describe('atomicity and isolation', () => {
    it('hands each document to exactly one of 200 concurrent claimers', async () => {
      const segments = other('segments');
      await segments.createIndex({ status: 1 });
      await segments.insertMany(
        Array.from({ length: 50 }, (_, i) => ({
          _id: `s${String(i).padStart(3, '0')}`,
          status: 'open',
          n: i % 7,
        })),
      );
      const claims = await Promise.all(
        Array.from({ length: 200 }, (_, by) =>
          segments.findOneAndUpdate(
            { status: 'open' },
            { $set: { status: 'assigned', by } },
            { sort: { n: -1, _id: 1 } },
          ),
        ),
      );
      const won = claims.filter((c): c is Item => c !== null);
      expect(won).to.have.length(50);
      expect(new Set(won.map((c) => c._id)).size).to.equal(50);
      for (const c of won) expect((await segments.findOne({ _id: c._id }))?.by).to.equal(c.by);
      expect(await segments.countDocuments({ status: 'open' })).to.equal(0);
    });

    it('returns copies: changing a returned or inserted object changes nothing stored', async () => {
      const doc: Item = { _id: 'a', tags: ['x'], nested: { a: 1 } };
      await items.insertOne(doc);
      doc.tags!.push('mutated');
      const tags = ['y'];
      await items.updateOne({ _id: 'a' }, { $set: { tags } });
      tags.push('mutated');
      const one = (await items.findOne({ _id: 'a' }))!;
      one.nested!.a = 99;
      const [many] = await items.find({});
      many.tags!.push('mutated');
      const updated = (await items.findOneAndUpdate({ _id: 'a' }, { $set: { n: 1 } }))!;
      updated.tags!.push('mutated');
      expect(await items.findOne({ _id: 'a' })).to.deep.equal({
        _id: 'a',
        tags: ['y'],
        nested: { a: 1 },
        n: 1,
      });
    });
  });

  describe('durability', () => {
    it('keeps documents, changes, deletions and unique indexes across close and reopen', async () => {
      const users = other('users');
      await users.createIndex({ email: 1 }, { unique: variant.uniqueIndexes });
      await users.insertMany([
        { _id: 'u1', email: 'a@x', n: 1 },
        { _id: 'u2', email: 'b@x' },
      ]);
      await users.updateOne({ _id: 'u1' }, { $inc: { n: 1 } });
      await users.deleteOne({ _id: 'u2' });
      const store = await t.reopen();
      const again = store.collection<Item>(variant.uniqueIndexes ? 'users' : variant.collection);
      expect(await again.find({})).to.deep.equal([{ _id: 'u1', email: 'a@x', n: 2 }]);
      const dup = variant.uniqueIndexes ? { _id: 'u3', email: 'a@x' } : { _id: 'u1' };
      expect(await rejection(again.insertOne(dup))).to.be.instanceOf(DuplicateKeyError);
      await store.ping();
    });

    it('rejects calls after close', async () => {
      await t.store.close();
      expect(await rejection(items.findOne({}))).to.be.instanceOf(Error);
      expect(await rejection(t.store.ping())).to.be.instanceOf(Error);
    });
  });
}
