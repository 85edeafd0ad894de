import { expect } from 'chai';
import fc from 'fast-check';
import type { Interval } from '../../media/analysis.ts';
import { indexAt, intersect, mergeIntervals, SpeechMap, subtract, totalSec } from '../../media/speech-map.ts';

/** Intervals on a 0.1 s grid over [0, 100), so set operations can be checked point by point. */
const listArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 990 }), fc.integer({ min: 1, max: 80 })), { maxLength: 30 })
  .map((pairs) => pairs.map(([a, n]) => ({ start: a / 10, end: Math.min(1000, a + n) / 10 })));

const covers = (list: Interval[], t: number): boolean => list.some((i) => t > i.start && t < i.end);
const points = Array.from({ length: 1000 }, (_, i) => i / 10 + 0.05);

describe('media/speech-map: what the speech detector has heard', () => {
  it('merges, subtracts and intersects like sets, keeping intervals sorted and disjoint', () => {
    fc.assert(
      fc.property(listArb, listArb, (x, y) => {
        const a = mergeIntervals(x);
        const b = mergeIntervals(y);
        for (const r of [a, subtract(a, b), intersect(a, b)])
          for (let i = 1; i < r.length; i++) expect(r[i]!.start).to.be.at.least(r[i - 1]!.end);
        const [diff, both] = [subtract(a, b), intersect(a, b)];
        const wrong = points.filter(
          (t) =>
            covers(a, t) !== covers(x, t) ||
            covers(diff, t) !== (covers(a, t) && !covers(b, t)) ||
            covers(both, t) !== (covers(a, t) && covers(b, t)) ||
            indexAt(a, t) >= 0 !== covers(a, t),
        );
        expect(wrong).to.deep.equal([]);
        expect(totalSec(subtract(a, b)) + totalSec(intersect(a, b))).to.be.closeTo(totalSec(a), 1e-9);
      }),
    );
  });

  it('offers as gaps only what it heard, kept clear of speech and of the unheard beyond its edges', () => {
    const map = new SpeechMap();
    map.add(
      [
        { start: 10, end: 20 },
        { start: 30, end: 31 },
      ],
      [[{ start: 14, end: 16 }], []],
    );
    expect(map.gaps(0.2, 0.3, 0.1)).to.deep.equal([
      { start: 10.3, end: 13.8 },
      { start: 16.3, end: 19.8 },
      { start: 30.3, end: 30.8 },
    ]);
    expect(map.unscanned([{ start: 0, end: 40 }])).to.deep.equal([
      { start: 0, end: 10 },
      { start: 20, end: 30 },
      { start: 31, end: 40 },
    ]);
    expect(map.coverage([{ start: 15, end: 35 }])).to.deep.equal({ scannedSec: 6, speechSec: 1 });
  });
});
