import { expect } from 'chai';
import fc from 'fast-check';
import type { Interval } from '../../media/analysis.ts';
import {
  boundsFor,
  boundsInOrder,
  planCuts,
  resolveCutOptions,
  type CutOptions,
  type PlannedSegment,
} from '../../media/cut-plan.ts';

const EPS = 1e-6;

const boundsArb: fc.Arbitrary<CutOptions> = fc
  .record({
    minSec: fc.integer({ min: 5, max: 60 }),
    targetFactor: fc.double({ min: 1, max: 4, noNaN: true }),
    maxExtra: fc.double({ min: 0, max: 300, noNaN: true }),
    contextSec: fc.constantFrom(0, 1.5, 3),
  })
  .map(({ minSec, targetFactor, maxExtra, contextSec }) => {
    // Bounds come from settings in whole seconds or milliseconds, never finer.
    const targetSec = Math.round(minSec * targetFactor * 1000) / 1000;
    const maxSec = Math.round((Math.max(targetSec, 2 * minSec) + maxExtra) * 1000) / 1000;
    return { minSec, targetSec, maxSec, contextSec };
  });

/** Sorted, disjoint pauses inside [0, duration), built from (gap, length) pairs. */
function pausesArb(maxCount: number): fc.Arbitrary<(duration: number) => Interval[]> {
  return fc
    .array(
      fc.tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0.3, max: 8, noNaN: true })),
      {
        maxLength: maxCount,
      },
    )
    .map((pairs) => (duration: number) => {
      const gapsTotal = pairs.reduce((s, [g]) => s + g, 0) || 1;
      const out: Interval[] = [];
      let at = 0;
      for (const [g, len] of pairs) {
        at += (g / gapsTotal) * duration * 0.95;
        const start = at;
        const end = Math.min(duration, start + len);
        if (end > start && (out.length === 0 || start > out.at(-1)!.end)) out.push({ start, end });
        at = end;
      }
      return out.filter((p) => p.start < duration);
    });
}

function checkTiling(segs: PlannedSegment[], duration: number): void {
  expect(segs.length).to.be.greaterThan(0);
  expect(segs[0]!.start).to.equal(0);
  expect(segs.at(-1)!.end).to.equal(duration);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    expect(s.end, `segment ${i} is empty`).to.be.greaterThan(s.start);
    if (i > 0) expect(s.start, `gap or overlap before segment ${i}`).to.equal(segs[i - 1]!.end);
  }
}

const inAny = (t: number, pauses: Interval[]): boolean =>
  pauses.some((p) => t >= p.start - 1e-3 && t <= p.end + 1e-3);

describe('media/cut-plan: planCuts', () => {
  it('tiles [0, duration) exactly, keeps every segment within the bounds and adds the context', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 20000, noNaN: true }),
        pausesArb(300),
        boundsArb,
        (duration, mk, opts) => {
          const segs = planCuts(duration, mk(duration), undefined, opts);
          checkTiling(segs, duration);
          for (const s of segs) {
            expect(s.end - s.start).to.be.at.most(opts.maxSec + EPS);
            if (duration >= opts.minSec) expect(s.end - s.start).to.be.at.least(opts.minSec - EPS);
            expect(s.contextStart).to.be.closeTo(Math.max(0, s.start - opts.contextSec), 1e-3);
            expect(s.contextEnd).to.be.closeTo(Math.min(duration, s.end + opts.contextSec), 1e-3);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('cuts inside a pause whenever a pause lies where the bounds allow a cut', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 30, max: 8000, noNaN: true }),
        pausesArb(200),
        boundsArb,
        (duration, mk, opts) => {
          const pauses = mk(duration);
          const segs = planCuts(duration, pauses, undefined, opts);
          checkTiling(segs, duration);
          for (let i = 1; i < segs.length; i++) {
            const prev = segs[i - 1]!.start;
            const lo = prev + opts.minSec;
            const hi = Math.min(prev + opts.maxSec, duration - opts.minSec);
            const reachable = pauses.some((p) => Math.min(hi, p.end) - Math.max(lo, p.start) > 2e-3);
            if (reachable)
              expect(inAny(segs[i]!.start, pauses), `cut ${i} at ${segs[i]!.start} is in speech`).to.equal(
                true,
              );
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('makes one segment of a recording shorter than the minimum', () => {
    fc.assert(
      fc.property(
        boundsArb,
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        pausesArb(5),
        (opts, f, mk) => {
          const duration = opts.minSec * f;
          const segs = planCuts(duration, mk(duration), undefined, opts);
          expect(segs).to.have.length(1);
          expect(segs[0]).to.include({ start: 0, end: duration, contextStart: 0, contextEnd: duration });
        },
      ),
    );
  });

  it('with no pause at all, cuts at the maximum length, so as few cuts as possible fall in speech', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 20000, noNaN: true }), boundsArb, (duration, opts) => {
        const segs = planCuts(duration, [], undefined, opts);
        checkTiling(segs, duration);
        expect(segs).to.have.length(Math.max(1, Math.ceil(duration / opts.maxSec - 1e-9)));
        // Every segment but the last two is exactly the maximum; the last two share the rest.
        for (const s of segs.slice(0, -2)) expect(s.end - s.start).to.be.closeTo(opts.maxSec, 2e-3);
      }),
    );
  });

  it('never makes more than maxSegments segments, still tiling the recording, and leaves a plan within the cap as it was', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 40000, noNaN: true }),
        pausesArb(300),
        boundsArb,
        fc.integer({ min: 1, max: 600 }),
        (duration, mk, opts, maxSegments) => {
          const pauses = mk(duration);
          const segs = planCuts(duration, pauses, undefined, { ...opts, maxSegments });
          checkTiling(segs, duration);
          expect(segs.length).to.be.at.most(maxSegments);
          const uncapped = planCuts(duration, pauses, undefined, opts);
          // A plan within the cap is left exactly as it would be without one.
          if (uncapped.length <= maxSegments) expect(segs).to.deep.equal(uncapped);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('raises a 10 s target for 3 hours to about 22 s under a cap of 500, instead of 1,080 segments', () => {
    const duration = 3 * 3600;
    const pauses = Array.from({ length: 1080 * 2 }, (_, i) => ({ start: i * 5 + 4.5, end: i * 5 + 5 }));
    const opts = { targetSec: 10, minSec: 3, maxSec: 20 };
    expect(planCuts(duration, pauses, undefined, opts).length).to.be.at.least(1000);
    const segs = planCuts(duration, pauses, undefined, { ...opts, maxSegments: 500 });
    checkTiling(segs, duration);
    expect(segs.length).to.be.within(400, 500);
    for (const s of segs.slice(1, -1)) expect(inAny(s.start, pauses), `cut at ${s.start}`).to.equal(true);
  });

  it('prefers a long pause near the target over a short one at the target', () => {
    const pauses = [
      { start: 119.8, end: 120.2 },
      { start: 128, end: 130 },
    ];
    const segs = planCuts(300, pauses, undefined, { targetSec: 120, minSec: 30, maxSec: 240 });
    expect(segs[1]!.start).to.be.within(128, 130);
  });

  it('falls back to non-speech sound from the classifier when no pause is within reach', () => {
    const speech = [
      { start: 0, end: 100 },
      { start: 104, end: 400 },
    ];
    const segs = planCuts(400, [], speech, { targetSec: 120, minSec: 30, maxSec: 240 });
    expect(segs[1]!.start).to.be.within(100, 104);
  });

  it('rejects bounds that contradict each other', () => {
    expect(() => resolveCutOptions({ minSec: 60, targetSec: 30, maxSec: 240 })).to.throw(
      RangeError,
      /min ≤ target ≤ max/,
    );
    expect(() => resolveCutOptions({ targetSec: -1 })).to.throw(RangeError, /targetSec/);
    expect(() => planCuts(60, [], undefined, { maxSegments: 0 })).to.throw(RangeError, /maxSegments/);
  });
});

describe('media/cut-plan: the bounds rule (boundsFor)', () => {
  it('keeps a segment between a quarter of the target (whole seconds) and twice the target', () => {
    expect(boundsFor(120)).to.deep.equal({ targetSec: 120, minSec: 30, maxSec: 240 });
    expect(boundsFor(60)).to.deep.equal({ targetSec: 60, minSec: 15, maxSec: 120 });
    expect(boundsFor(10)).to.deep.equal({ targetSec: 10, minSec: 3, maxSec: 20 });
    expect(boundsFor(2)).to.deep.equal({ targetSec: 2, minSec: 0.5, maxSec: 4 });
  });

  it("takes an organisation's minimum and maximum when it has them", () => {
    expect(boundsFor(120, { minSec: 45, maxSec: 150 })).to.deep.equal({
      targetSec: 120,
      minSec: 45,
      maxSec: 150,
    });
    expect(boundsFor(120, { minSec: null, maxSec: 180 })).to.deep.equal({
      targetSec: 120,
      minSec: 30,
      maxSec: 180,
    });
  });

  it("lets a recording's own target win over an organisation's bound on its wrong side", () => {
    expect(boundsFor(30, { minSec: 45, maxSec: 150 })).to.deep.equal({
      targetSec: 30,
      minSec: 30,
      maxSec: 150,
    });
    expect(boundsFor(200, { minSec: 45, maxSec: 150 })).to.deep.equal({
      targetSec: 200,
      minSec: 45,
      maxSec: 200,
    });
  });

  it('fills in the bounds a command line leaves out by the same rule, so a target cuts the same everywhere', () => {
    for (const targetSec of [2, 10, 15, 60, 90, 120, 600, 3600]) {
      expect(resolveCutOptions({ targetSec }), `target ${targetSec}`).to.deep.equal({
        ...boundsFor(targetSec),
        contextSec: 3,
      });
    }
    expect(resolveCutOptions({})).to.include({ targetSec: 120, minSec: 30, maxSec: 240 });
  });

  it('tells whether chosen bounds keep min ≤ target ≤ max', () => {
    expect(boundsInOrder(120, {})).to.equal(true);
    expect(boundsInOrder(120, { minSec: 120, maxSec: 120 })).to.equal(true);
    expect(boundsInOrder(120, { minSec: 121 })).to.equal(false);
    expect(boundsInOrder(120, { maxSec: 119, minSec: null })).to.equal(false);
  });
});
