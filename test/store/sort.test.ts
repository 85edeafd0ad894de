/**
 * The embedded engine's sort order (server/store/embedded/sort.ts) on scalar values is mingo's,
 * which is MongoDB's: the claim order and every sorted read depend on it.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { Query } from 'mingo';
import { comparator } from '../../server/store/embedded/sort.ts';

type Json = Record<string, unknown>;

const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.double({ min: -3, max: 3, noNaN: true }),
  fc.constantFrom('a', 'B', 'b', '', '\uFFFF', '\u{1F600}'),
  fc.boolean(),
  fc.constant(null),
);
// Scalars only: with arrays, the engine takes MongoDB's min/max rule where mingo differs.
const value = scalar;
const doc = fc.record(
  { n: value, m: value, o: fc.record({ x: value }, { requiredKeys: [] }) },
  { requiredKeys: [] },
);
const sortSpec = fc
  .uniqueArray(fc.constantFrom('n', 'm', 'o.x', 'missing'), { minLength: 1, maxLength: 3 })
  .chain((paths) =>
    fc
      .tuple(...paths.map((p) => fc.constantFrom<[string, 1 | -1]>([p, 1], [p, -1])))
      .map((e) => Object.fromEntries(e)),
  );

describe('embedded store: sort order', () => {
  it('orders documents as mingo (and so MongoDB) does, numbers, text, nulls and booleans alike', () => {
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 8 }), sortSpec, (docs, sort) => {
        const tagged = docs.map((d, i) => ({ ...d, _i: i }));
        const mingoFirst = (a: Json, b: Json) => (new Query({}).find([a, b]).sort(sort).all()[0] as Json)._i;
        // b must come before a when mingo puts it first whichever way the two are given.
        const before = (b: Json, a: Json) => mingoFirst(a, b) === b._i && mingoFirst(b, a) === b._i;
        const ours = [...tagged].sort(comparator(sort));
        for (let i = 0; i < ours.length; i++)
          for (let j = i + 1; j < ours.length; j++)
            expect(
              before(ours[j]!, ours[i]!),
              JSON.stringify({ sort, first: ours[i], then: ours[j] }),
            ).to.equal(false);
      }),
      { numRuns: 2000 },
    );
  });
});
