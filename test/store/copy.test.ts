/**
 * What the embedded store hands out of memory is a copy a caller may change freely: equal to the
 * stored document, sharing no object or array with it, whatever keys its JSON had.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { copyJson, storedForm } from '../../server/store/embedded/copy.ts';

/** Every object and array inside `v`. */
function containers(v: unknown, into: Set<object> = new Set()): Set<object> {
  if (v !== null && typeof v === 'object') {
    into.add(v);
    for (const inner of Object.values(v)) containers(inner, into);
  }
  return into;
}

describe('embedded store: copies of stored documents', () => {
  it('equal the document, as JSON too, and share nothing with it', () => {
    const key = fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.constantFrom('__proto__', 'constructor', 'toString'),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string({ maxLength: 8 }),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        // As the store holds it: re-read from its JSON ("__proto__" an own key, -0 gone).
        const stored = JSON.parse(JSON.stringify(value)) as unknown;
        const copy = copyJson(stored);
        expect(copy).to.deep.equal(stored);
        expect(JSON.stringify(copy)).to.equal(JSON.stringify(stored));
        const theirs = containers(stored);
        for (const c of containers(copy)) expect(theirs.has(c)).to.equal(false);
        if (copy !== null && typeof copy === 'object') {
          expect(Object.getPrototypeOf(copy)).to.equal(
            Array.isArray(copy) ? Array.prototype : Object.prototype,
          );
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('embedded store: values from an update, as stored', () => {
  it('take the very form a round trip through JSON gives them', () => {
    const key = fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('__proto__', '1', '0'));
    const odd = fc.constantFrom(
      undefined,
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      new Date(0),
      () => 1,
      Symbol('s'),
      { toJSON: () => 'custom' },
      Object.create(null) as object,
    );
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double(),
        fc.string({ maxLength: 6 }),
        odd,
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(key, tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const viaJson: unknown = JSON.parse(JSON.stringify(v) ?? 'null');
        const ours = storedForm(v);
        expect(JSON.stringify(ours)).to.equal(JSON.stringify(viaJson));
        expect(ours).to.deep.equal(viaJson);
      }),
      { numRuns: 3000 },
    );
  });
});
