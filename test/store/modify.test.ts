/**
 * Updates as the embedded engine applies them (modify.ts): the common plain steps without mingo,
 * the rest through it. Both must give exactly what mingo.update gives on a copy, re-read from
 * JSON as the store holds it, and must never touch the stored document they start from.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { update } from 'mingo';
import { applyUpdate } from '../../server/store/embedded/modify.ts';
import type { Doc, Update } from '../../server/store/index.ts';

type Json = Record<string, unknown>;

const number = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -1.25, 1e308, -1e308));
const scalar = fc.oneof(number, fc.constantFrom('a', 'b', ''), fc.boolean(), fc.constant(null));
const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.record({ x: scalar, y: fc.array(scalar, { maxLength: 2 }) }, { requiredKeys: [] }),
  // The same keys in the other order: equal all the same.
  fc.record({ y: fc.array(scalar, { maxLength: 2 }), x: scalar }, { requiredKeys: [] }),
);
// Dotted paths through an embedded object (`o.x`, a new `o.n`), through whatever `m` holds, and
// through nothing (`gone.x`).
const path = fc.constantFrom(
  'n',
  'm',
  'turns',
  'o',
  'o.x',
  'o.n',
  'm.x',
  'gone.x',
  '_id',
  'turns.0',
  'new_field',
);
const stored = fc.record(
  {
    n: number,
    m: value,
    turns: fc.array(fc.record({ speaker: fc.constantFrom('A', 'B'), text: fc.string({ maxLength: 6 }) }), {
      maxLength: 3,
    }),
    o: fc.record({ x: value }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const operator = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(path, value, { maxKeys: 3 }).map((f) => ({ $set: f })) },
  fc.dictionary(path, fc.constant(''), { maxKeys: 2 }).map((f) => ({ $unset: f })),
  { weight: 2, arbitrary: fc.dictionary(path, number, { maxKeys: 2 }).map((f) => ({ $inc: f })) },
  fc.dictionary(path, scalar, { maxKeys: 2 }).map((f) => ({ $max: f })),
  fc.dictionary(path, scalar, { maxKeys: 2 }).map((f) => ({ $min: f })),
  fc.dictionary(path, value, { maxKeys: 2 }).map((f) => ({ $push: f })),
  fc.dictionary(path, value, { maxKeys: 2 }).map((f) => ({ $addToSet: f })),
  fc
    .dictionary(path, fc.array(scalar, { maxLength: 2 }), { maxKeys: 1 })
    .map((f) => ({ $addToSet: Object.fromEntries(Object.entries(f).map(([k, v]) => [k, { $each: v }])) })),
);
const modifier = fc
  .array(operator, { minLength: 1, maxLength: 3 })
  .map((ops) => Object.assign({}, ...ops) as Json);

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const inner of Object.values(v)) deepFreeze(inner);
    Object.freeze(v);
  }
  return v;
}

type Outcome = { doc: unknown; json: string; modified: boolean } | { error: string };

function mingoOutcome(doc: Json, mod: Json): Outcome {
  try {
    const copy = structuredClone(doc);
    const changed = update(copy, mod as never, undefined, undefined, { cloneMode: 'none' }).length > 0;
    const json = JSON.stringify(copy);
    return { doc: JSON.parse(json) as unknown, json, modified: changed };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function ourOutcome(doc: Json, mod: Json): Outcome {
  try {
    const applied = applyUpdate(doc as unknown as Doc, mod as Update, {});
    return { doc: applied.doc, json: applied.json, modified: applied.modified };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe('embedded store: applying an update', () => {
  it('gives $addToSet on an array that already holds duplicates to mingo, whose answer it keeps', () => {
    // Counterexample a random run found: mingo adds nothing to [null, null] (MongoDB would).
    for (const [m, value] of [
      [[null, null], []],
      [[1, 1], 2],
    ] as const) {
      const doc = deepFreeze({ _id: 'id', m });
      const mod = { $addToSet: { m: value } };
      expect(ourOutcome(doc, mod)).to.deep.equal(mingoOutcome(structuredClone(doc) as Json, mod));
    }
  });

  it('gives what mingo.update gives, errors included, and leaves the stored document as it was', () => {
    fc.assert(
      fc.property(stored, modifier, (d, mod) => {
        const doc = { _id: 'id', ...d } as Json;
        const frozen = deepFreeze(structuredClone(doc));
        const ours = ourOutcome(frozen, mod);
        const theirs = mingoOutcome(doc, mod);
        if ('error' in theirs) {
          expect(ours, JSON.stringify({ doc, mod })).to.have.property('error');
          return;
        }
        expect(ours, JSON.stringify({ doc, mod })).to.deep.equal(theirs);
        expect(frozen).to.deep.equal(doc);
      }),
      { numRuns: 6000 },
    );
  });

  it('saves a draft (new words, lease, version and heard ratio) without copying the untouched fields', () => {
    const turns = [{ speaker: 'A', text: 'lama' }];
    const history = [{ kind: 'claimed', at: 1 }];
    const doc = deepFreeze({ _id: 's1', version: 3, heardRatio: 0.5, turns, history, status: 'assigned' });
    const next = [{ speaker: 'A', text: 'baru' }];
    const applied = applyUpdate(
      doc as Doc,
      { $set: { turns: next, leaseExpiresAt: 99 }, $inc: { version: 1 }, $max: { heardRatio: 0.25 } },
      {},
    );
    expect(applied.modified).to.equal(true);
    expect(applied.doc).to.deep.equal({ ...doc, turns: next, version: 4, leaseExpiresAt: 99 });
    expect(JSON.parse(applied.json)).to.deep.equal(applied.doc);
    // The new words are the store's own copy, not the caller's array; history is shared, unchanged.
    expect((applied.doc as unknown as { turns: unknown }).turns).not.to.equal(next);
    expect((applied.doc as unknown as { history: unknown }).history).to.equal(history);
  });
});
