import { expect } from 'chai';
import fc from 'fast-check';
import type { Interval } from '../../media/analysis.ts';
import { nextCutWindow, planCuts, resolveCutOptions, type CutOptions } from '../../media/cut-plan.ts';
import { PAD_AFTER_SEC, PAD_BEFORE_SEC, placeCuts, type PlacementReport } from '../../media/speech-cuts.ts';
import { indexAt, intersect, SpeechMap, totalSec } from '../../media/speech-map.ts';
import type { SpeechDetector } from '../../media/vad.ts';

/** A detector that hears exactly the true speech, and counts what it was asked to listen to. */
class Oracle implements SpeechDetector {
  heardSec = 0;
  runs = 0;
  constructor(private readonly speech: Interval[]) {}
  async detect(regions: Interval[]): Promise<Interval[][]> {
    this.runs++;
    this.heardSec += totalSec(regions);
    return regions.map((r) => intersect(this.speech, [r]));
  }
}

const boundsArb: fc.Arbitrary<CutOptions> = fc
  .record({
    minSec: fc.integer({ min: 5, max: 40 }),
    targetFactor: fc.double({ min: 1, max: 3, noNaN: true }),
    maxExtra: fc.double({ min: 0, max: 120, noNaN: true }),
  })
  .map(({ minSec, targetFactor, maxExtra }) => {
    const targetSec = Math.round(minSec * targetFactor * 1000) / 1000;
    const maxSec = Math.round((Math.max(targetSec, 2 * minSec) + maxExtra) * 1000) / 1000;
    return { minSec, targetSec, maxSec, contextSec: 3 };
  });

/**
 * A meeting: turns of speech (1–40 s) separated by gaps (0.05–6 s, some shorter than any margin),
 * over a duration of 60–1500 s.
 */
const meetingArb = fc
  .record({
    turns: fc.array(
      fc.tuple(fc.double({ min: 1, max: 40, noNaN: true }), fc.double({ min: 0.05, max: 6, noNaN: true })),
      { minLength: 1, maxLength: 200 },
    ),
    lead: fc.double({ min: 0, max: 5, noNaN: true }),
  })
  .map(({ turns, lead }) => {
    const speech: Interval[] = [];
    let at = lead;
    for (const [len, gap] of turns) {
      speech.push({ start: at, end: at + len });
      at += len + gap;
    }
    return { speech, durationSec: Math.max(60, Math.min(1500, at)) };
  })
  .map(({ speech, durationSec }) => ({
    durationSec,
    speech: speech
      .filter((s) => s.start < durationSec)
      .map((s) => ({ ...s, end: Math.min(s.end, durationSec) })),
  }));

const wideBoundsArb: fc.Arbitrary<CutOptions> = fc
  .record({ minSec: fc.integer({ min: 5, max: 40 }), width: fc.integer({ min: 50, max: 200 }) })
  .map(({ minSec, width }) => ({
    minSec,
    targetSec: minSec + width / 2,
    maxSec: Math.max(2 * minSec, minSec + width),
    contextSec: 3,
  }));

/** Turns separated by pauses long enough (1.5–6 s) to survive the margins kept around speech. */
const cleanMeetingArb = fc
  .array(
    fc.tuple(fc.double({ min: 1, max: 40, noNaN: true }), fc.double({ min: 1.5, max: 6, noNaN: true })),
    { minLength: 2, maxLength: 150 },
  )
  .map((turns) => {
    const speech: Interval[] = [];
    let at = 1;
    for (const [len, gap] of turns) {
      speech.push({ start: at, end: at + len });
      at += len + gap;
    }
    return { speech, durationSec: at };
  })
  .filter((m) => m.durationSec >= 60);

/** What the energy detector might report: true gaps, false pauses inside speech, or nothing (a bed hides all). */
const energyArb = fc.constantFrom('truth', 'false-pauses', 'none', 'mixed');

function energyPauses(kind: string, speech: Interval[], durationSec: number, seed: number): Interval[] {
  const gaps: Interval[] = [];
  let at = 0;
  for (const s of speech) {
    if (s.start - at >= 0.3) gaps.push({ start: at, end: s.start });
    at = s.end;
  }
  if (durationSec - at >= 0.3) gaps.push({ start: at, end: durationSec });
  // Dips in the middle of turns, as a tremolo under a voice makes them.
  const inside = speech
    .filter((s, i) => s.end - s.start > 3 && (i + seed) % 2 === 0)
    .map((s) => ({ start: s.start + 1, end: s.start + 2.5 }));
  if (kind === 'truth') return gaps;
  if (kind === 'false-pauses') return inside;
  if (kind === 'none') return [];
  return [...gaps.filter((_, i) => (i + seed) % 3 !== 0), ...inside].sort((a, b) => a.start - b.start);
}

/**
 * The cuts placed in a generated meeting from the energy pauses of `kind`, with a detector that
 * hears exactly the meeting's speech.
 */
async function cutsWithOracle(
  m: { speech: Interval[]; durationSec: number },
  kind: string,
  opts: CutOptions,
  seed: number,
): Promise<PlacementReport['segments']> {
  const pauses = energyPauses(kind, m.speech, m.durationSec, seed);
  return (await placeCuts(m.durationSec, pauses, new Oracle(m.speech), opts, new SpeechMap())).segments;
}

const inSpeech = (t: number, speech: Interval[]): boolean => speech.some((s) => t > s.start && t < s.end);

describe('media/speech-cuts: cut placement by speech', () => {
  it('keeps the cut plan: exact tiling, bounds and context, whatever the energy pauses say', async () => {
    await fc.assert(
      fc.asyncProperty(meetingArb, energyArb, boundsArb, fc.nat(5), async (m, kind, opts, seed) => {
        const segments = await cutsWithOracle(m, kind, opts, seed);
        expect(segments[0]!.start).to.equal(0);
        expect(segments.at(-1)!.end).to.equal(m.durationSec);
        segments.forEach((s, i) => {
          if (i > 0) expect(s.start).to.equal(segments[i - 1]!.end);
          expect(s.end - s.start).to.be.at.most(opts.maxSec + 1e-6);
          expect(s.end - s.start).to.be.at.least(opts.minSec - 1e-6);
          expect(s.contextStart).to.be.closeTo(Math.max(0, s.start - 3), 1e-3);
          expect(s.contextEnd).to.be.closeTo(Math.min(m.durationSec, s.end + 3), 1e-3);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('never cuts inside speech when the bounds leave a pause of 1.2 s or more, even where the energy pauses lie', async () => {
    await fc.assert(
      fc.asyncProperty(meetingArb, energyArb, boundsArb, fc.nat(5), async (m, kind, opts, seed) => {
        const segments = await cutsWithOracle(m, kind, opts, seed);
        const resolved = resolveCutOptions(opts);
        for (let i = 1; i < segments.length; i++) {
          const cut = segments[i]!.start;
          const win = nextCutWindow(segments[i - 1]!.start, m.durationSec, resolved)!;
          const room = [0, ...m.speech.flatMap((s) => [s.start, s.end]), m.durationSec];
          let pause = false;
          for (let k = 0; k + 1 < room.length; k += 2) {
            if (room[k]! >= win.lo && room[k + 1]! <= win.hi && room[k + 1]! - room[k]! >= 1.2) pause = true;
          }
          if (pause) expect(inSpeech(cut, m.speech), `cut ${i} at ${cut} (${kind})`).to.equal(false);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('listens only around the cuts when the energy pauses are right: one detector run, at most 7 s per cut', async () => {
    await fc.assert(
      // Windows wider than a turn and its pause, so that every cut has a pause within reach.
      fc.asyncProperty(cleanMeetingArb, wideBoundsArb, async (m, opts) => {
        const { speech } = m;
        const pauses = energyPauses('truth', speech, m.durationSec, 0);
        // Only meetings where the energy pauses alone give every cut a place (none forced).
        const proposals = pauses.map((p) => ({
          start: p.start + PAD_AFTER_SEC,
          end: p.end - PAD_BEFORE_SEC,
        }));
        const energyPlan = planCuts(m.durationSec, proposals, undefined, opts);
        fc.pre(
          energyPlan.slice(1).every((s) => indexAt(proposals, s.start) >= 0) &&
            nextCutWindow(energyPlan.at(-1)!.start, m.durationSec, resolveCutOptions(opts)) === null,
        );
        const oracle = new Oracle(speech);
        const { segments, rounds } = await placeCuts(m.durationSec, pauses, oracle, opts, new SpeechMap());
        const cuts = segments.length - 1;
        if (cuts === 0) return;
        expect(rounds).to.equal(1);
        expect(oracle.heardSec).to.be.at.most(7 * cuts + 1e-6);
        for (const s of segments.slice(1)) expect(inSpeech(s.start, speech)).to.equal(false);
      }),
      { numRuns: 100 },
    );
  });

  it('finds the pause a music bed hid: with no energy pause at all, the cut goes in the quiet between turns', async () => {
    const speech = [0, 1, 2, 3, 4].map((k) => ({ start: k * 60, end: k * 60 + 58.5 }));
    const oracle = new Oracle(speech);
    const { segments } = await placeCuts(
      300,
      [],
      oracle,
      { targetSec: 60, minSec: 15, maxSec: 120 },
      new SpeechMap(),
    );
    expect(segments.map((s) => s.start).slice(1)).to.satisfy((cuts: number[]) =>
      cuts.every((c) => !inSpeech(c, speech)),
    );
    // It searched outward from the ideal points, not the whole recording.
    expect(oracle.heardSec).to.be.below(300);
  });

  it('keeps segments near the target when a bed hides every pause: each cut in the gap nearest its ideal point', async () => {
    // 10 s turns, 1.5 s apart, for ten minutes; the energy found nothing.
    const speech = Array.from({ length: 52 }, (_, k) => ({ start: k * 11.5, end: k * 11.5 + 10 }));
    const opts = { targetSec: 60, minSec: 20, maxSec: 120 };
    const { segments } = await placeCuts(600, [], new Oracle(speech), opts, new SpeechMap());
    expect(segments).to.have.length(10);
    for (let i = 1; i < segments.length; i++) {
      const win = nextCutWindow(segments[i - 1]!.start, 600, resolveCutOptions(opts))!;
      expect(inSpeech(segments[i]!.start, speech)).to.equal(false);
      expect(Math.abs(segments[i]!.start - win.ideal), `cut ${i}`).to.be.at.most(11.5 / 2 + 1);
    }
  });
});
