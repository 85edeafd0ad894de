import { expect } from 'chai';
import fc from 'fast-check';
import type { Interval } from '../../media/analysis.ts';
import { intersect, SpeechMap, subtract, totalSec } from '../../media/speech-map.ts';
import { EXACT_BELOW, speechRatios } from '../../media/speech-ratio.ts';
import type { SpeechDetector } from '../../media/vad.ts';

/** Hears exactly the true speech; counts what it listened to. */
class Oracle implements SpeechDetector {
  heardSec = 0;
  constructor(private readonly speech: Interval[]) {}
  async detect(regions: Interval[]): Promise<Interval[][]> {
    this.heardSec += totalSec(regions);
    return regions.map((r) => intersect(this.speech, [r]));
  }
}

const ratios = (segments: Interval[], pauses: Interval[], speech: Interval[]) =>
  speechRatios(segments, pauses, new Oracle(speech), new SpeechMap());

describe('media/speech-ratio: how much of a segment is speech', () => {
  it('measures a segment of music alone as no speech, having listened to all of it', async () => {
    const oracle = new Oracle([]);
    const r = await speechRatios([{ start: 0, end: 120 }], [], oracle, new SpeechMap());
    expect(r).to.deep.equal([0]);
    expect(oracle.heardSec).to.be.closeTo(120, 1e-6);
  });

  it('does not miss a few words over music that the first sample does not reach', async () => {
    // 1.5 s of speech in two minutes of music: 1.25 %, above the 1 % that closes a segment.
    const r = await ratios([{ start: 0, end: 120 }], [], [{ start: 33, end: 34.5 }]);
    expect(r[0]).to.equal(0.013);
  });

  it('listens to nothing in a segment the energy shows to be quiet throughout', async () => {
    const oracle = new Oracle([]);
    const r = await speechRatios([{ start: 10, end: 40 }], [{ start: 0, end: 50 }], oracle, new SpeechMap());
    expect(r).to.deep.equal([0]);
    expect(oracle.heardSec).to.equal(0);
  });

  it('reports no speech exactly when there is none, and any low ratio exactly (measured in full)', async () => {
    const speechArb = fc
      .array(
        fc.tuple(
          fc.double({ min: 0.3, max: 30, noNaN: true }),
          fc.double({ min: 0.1, max: 60, noNaN: true }),
        ),
        { maxLength: 40 },
      )
      .map((turns) => {
        const out: Interval[] = [];
        let at = 0;
        for (const [len, gap] of turns) {
          at += gap;
          out.push({ start: at, end: at + len });
          at += len;
        }
        return out.filter((s) => s.end <= 600);
      });
    await fc.assert(
      fc.asyncProperty(speechArb, fc.boolean(), async (speech, quietGaps) => {
        const segments = [0, 1, 2, 3, 4].map((k) => ({ start: k * 120, end: (k + 1) * 120 }));
        // In a quiet room the energy pauses are the gaps; under a bed there are none.
        const pauses = quietGaps ? subtract([{ start: 0, end: 600 }], speech) : [];
        const got = await ratios(segments, pauses, speech);
        segments.forEach((s, i) => {
          const truth = totalSec(intersect(speech, [s])) / 120;
          if (got[i]! < EXACT_BELOW) expect(got[i], `segment ${i}`).to.be.closeTo(truth, 0.001);
          // In a quiet room every sampled second of sound is speech, so the sample is exact too.
          if (quietGaps) expect(got[i], `segment ${i}`).to.be.closeTo(truth, 0.001);
          // No speech gives 0 (a turn ending a hair past a segment's edge, 120.00000000000001, is
          // not speech in it). Ratios have 3 decimals, so speech of less than half a thousandth of
          // the segment (60 ms of 120 s, such as a turn ending at 120.000000001) may round to 0;
          // from a little above that, the ratio is never 0.
          if (truth * 120 <= 1e-9) expect(got[i], `segment ${i}: no speech, ratio 0`).to.equal(0);
          if (truth >= 0.0006) expect(got[i], `segment ${i}: speech, ratio above 0`).to.be.greaterThan(0);
        });
      }),
      { numRuns: 100 },
    );
  });
});
