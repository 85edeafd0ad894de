/**
 * The embedded engine's reuse of one mingo setup must give exactly what mingo's own entry points
 * give, for matches and for updates (including the ones it hands back to mingo, and errors).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { Query, update } from 'mingo';
import { applyModifier, compileFilter, project } from '../../server/store/embedded/mingo.ts';

type Json = Record<string, unknown>;

const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('a', 'b', ''),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.record({ x: scalar }, { requiredKeys: [] }),
);
const path = fc.constantFrom('n', 'm', 'tags', 'o.x', 'o.y', 'o', '_id', 'tags.$', 'o.x.z');
const doc = fc.record(
  {
    n: fc.integer({ min: -3, max: 3 }),
    m: value,
    tags: fc.array(scalar, { maxLength: 4 }),
    o: fc.record({ x: value, y: scalar }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

const operator = fc.oneof(
  fc.dictionary(path, value, { maxKeys: 2 }).map((f) => ({ $set: f })),
  fc.dictionary(path, fc.constant(''), { maxKeys: 2 }).map((f) => ({ $unset: f })),
  fc.dictionary(path, fc.integer({ min: -2, max: 2 }), { maxKeys: 2 }).map((f) => ({ $inc: f })),
  fc.dictionary(path, scalar, { maxKeys: 2 }).map((f) => ({ $min: f })),
  fc.dictionary(path, scalar, { maxKeys: 2 }).map((f) => ({ $max: f })),
  fc.dictionary(path, scalar, { maxKeys: 1 }).map((f) => ({ $push: f })),
  fc.dictionary(path, scalar, { maxKeys: 1 }).map((f) => ({ $addToSet: f })),
  fc
    .dictionary(path, fc.oneof(scalar, fc.record({ $in: fc.array(scalar) })), { maxKeys: 1 })
    .map((f) => ({ $pull: f })),
  fc.dictionary(path, fc.constantFrom('n2', 'o.w'), { maxKeys: 1 }).map((f) => ({ $rename: f })),
);
const modifier = fc
  .array(operator, { minLength: 1, maxLength: 3 })
  .map((ops) => Object.assign({}, ...ops) as Json);

function outcome(run: () => boolean): { modified?: boolean; error?: string } {
  try {
    return { modified: run() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe('embedded store: mingo set up once', () => {
  it('updates documents exactly as mingo.update does, errors included', () => {
    fc.assert(
      fc.property(doc, modifier, (d, mod) => {
        const withId = { _id: 'id', ...d };
        const a = structuredClone(withId);
        const b = structuredClone(withId);
        const condition = { tags: 'a' };
        const positional = JSON.stringify(mod).includes('.$');
        const ours = outcome(() => applyModifier(a, mod, positional ? condition : undefined));
        const theirs = outcome(
          () =>
            update(b, mod as never, undefined, positional ? (condition as never) : undefined, {
              cloneMode: 'none',
            }).length > 0,
        );
        expect(ours, JSON.stringify({ d, mod })).to.deep.equal(theirs);
        if (!ours.error) expect(a, JSON.stringify({ d, mod })).to.deep.equal(b);
      }),
      { numRuns: 3000 },
    );
  });

  it('matches filters exactly as a fresh mingo Query does', () => {
    const num = fc.integer({ min: -3, max: 3 });
    const list = fc.array(scalar, { maxLength: 3 });
    const operator = fc.oneof(
      fc.record({ $eq: scalar }),
      fc.record({ $ne: scalar }),
      fc.record({ $in: list }),
      fc.record({ $nin: list }),
      fc.record({ $gt: num }),
      fc.record({ $gte: num }),
      fc.record({ $lt: num }),
      fc.record({ $lte: num }),
      fc.record({ $gt: scalar }),
      fc.record({ $exists: fc.boolean() }),
      fc.record({ $not: fc.oneof(fc.record({ $gt: num }), fc.record({ $in: list })) }),
    );
    const condition = fc.oneof(
      scalar,
      operator,
      fc.tuple(operator, operator).map(([x, y]) => ({ ...x, ...y })),
    );
    // `n` (a number in every document that has it) most often: numbers meet their bounds there.
    const plainFilter = fc.dictionary(
      fc.constantFrom(
        'n',
        'n',
        'n',
        'm',
        'tags',
        'o',
        '_id',
        'missing',
        'o.y',
        'o.x',
        'm.x',
        'tags.x',
        'o.missing.x',
      ),
      condition,
      {
        maxKeys: 3,
      },
    );
    const filter = fc.oneof(
      fc.dictionary(path, value, { maxKeys: 2 }),
      // Plain fields pinned or bounded: the shapes the services send most.
      plainFilter,
      fc.record(
        {
          $or: fc.array(plainFilter, { minLength: 1, maxLength: 3 }),
          n: fc.option(scalar, { nil: undefined }),
        },
        { requiredKeys: ['$or'] },
      ),
      fc.record({ $and: fc.array(plainFilter, { minLength: 1, maxLength: 2 }) }),
      fc.record({ n: fc.record({ $gt: scalar }, { requiredKeys: [] }) }),
      fc.record({
        $or: fc.array(fc.dictionary(path, scalar, { maxKeys: 1 }), { minLength: 1, maxLength: 2 }),
      }),
      fc.record({ $expr: fc.constant({ $gt: ['$n', 0] }) }),
    );
    // Every bound against a value below, at and above it, and against a missing field, exhaustively.
    for (const op of ['$gt', '$gte', '$lt', '$lte', '$eq', '$ne', '$not'])
      for (const d of [{ n: -1 }, { n: 0 }, { n: 1 }, {}, { n: null }, { n: '0' }]) {
        const f = { n: op === '$not' ? { $not: { $gte: 0 } } : { [op]: 0 } };
        expect(compileFilter(f).test(d), JSON.stringify({ d, f })).to.equal(new Query(f, {}).test(d));
      }
    fc.assert(
      fc.property(doc, filter, (d, f) => {
        // Both ways, the same answer or the same error (mingo's own, e.g. on a null-prototype object).
        expect(
          outcome(() => compileFilter(f).test(d)),
          JSON.stringify({ d, f }),
        ).to.deep.equal(outcome(() => new Query(f, {}).test(d)));
      }),
      { numRuns: 6000 },
    );
  });

  it('projects documents exactly as mingo does', () => {
    const projection = fc.oneof(
      fc.dictionary(fc.constantFrom('n', 'm', 'tags', 'o', 'missing'), fc.constant(1 as const), {
        minKeys: 1,
        maxKeys: 3,
      }),
      fc.record({ _id: fc.constantFrom(0 as const, 1 as const), m: fc.constant(1 as const) }),
      fc.record({ 'o.x': fc.constant(1 as const) }),
      fc.record({ m: fc.constant(0 as const) }),
    );
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 3 }), projection, (docs, proj) => {
        const withIds = docs.map((d, i) => ({ _id: `d${i}`, ...d }));
        expect(project(withIds, proj), JSON.stringify({ withIds, proj })).to.deep.equal(
          new Query({}).find(withIds, proj).all(),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('stamps $currentDate with the time of each update, not of the first', async () => {
    const a: Json = { _id: 'a' };
    applyModifier(a, { $currentDate: { t: { $type: 'timestamp' } } });
    await new Promise((r) => setTimeout(r, 5));
    const b: Json = { _id: 'b' };
    applyModifier(b, { $currentDate: { t: { $type: 'timestamp' } } });
    expect(b.t as number).to.be.greaterThan(a.t as number);
  });
});
