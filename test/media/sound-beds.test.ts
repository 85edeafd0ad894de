import { expect } from 'chai';
import path from 'node:path';
import { ingest, type Manifest } from '../../media/index.ts';
import { requireYamnet } from '../helpers/assets.ts';
import { cutsInSpeech, makeMeeting, type Meeting } from '../helpers/media.ts';
import { NO_SPEECH_RATIO } from '../../server/services/ingest.ts';
import { withSoundBed, type BedMeeting, type BedSpec } from '../helpers/sound-beds.ts';
import { TOOLS, useTmpDir } from './helpers.ts';

const BOUNDS = { tools: TOOLS, targetSec: 20, minSec: 8, maxSec: 40 };

/** Seconds of true speech inside [start, end). */
const spoken = (m: BedMeeting, start: number, end: number): number =>
  m.speech.reduce((t, s) => t + Math.max(0, Math.min(end, s.end) - Math.max(start, s.start)), 0);

describe('media/ingest over sound beds: cuts in the pauses, music alone closed, speech over music kept', function () {
  this.timeout(300_000);
  const tmp = useTmpDir();
  let base: Meeting;
  const bed = async (spec: BedSpec): Promise<BedMeeting> =>
    withSoundBed(
      base,
      { ...spec, format: 'wav' },
      path.join(tmp(), `${spec.kind}-${spec.underSpeechDb}.wav`),
    );

  before(async () => {
    base = await makeMeeting({
      durationSec: 150,
      outFile: path.join(tmp(), 'base.wav'),
      seed: 11,
      sampleRate: 16000,
      channels: 1,
    });
  });

  describe('a music bed 10 dB under the voices, after 45 s of the music alone', () => {
    let m: BedMeeting;
    let manifest: Manifest;
    before(async () => {
      m = await bed({ kind: 'music', underSpeechDb: 10, leadSec: 45 });
      manifest = await ingest(m.file, path.join(tmp(), 'out-music'), { ...BOUNDS, modelPath: null });
    });

    it('puts no cut inside a spoken turn', () => {
      const cuts = manifest.segments.slice(1).map((s) => s.start);
      expect(cuts.length).to.be.at.least(4);
      expect(cutsInSpeech(cuts, m.speech)).to.deep.equal([]);
    });

    it('closes the segments of music alone as [no speech]', () => {
      const alone = manifest.segments.filter((s) => spoken(m, s.start, s.end) === 0);
      expect(alone.length, 'segments of music alone').to.be.at.least(1);
      for (const s of alone)
        expect(s.analysis.speechRatio, `segment ${s.index}`).to.be.below(NO_SPEECH_RATIO);
    });

    it('keeps every segment with speech over the music open, with a speech ratio near the truth', () => {
      for (const s of manifest.segments) {
        const truth = spoken(m, s.start, s.end) / (s.end - s.start);
        if (truth < 0.05) continue;
        expect(s.analysis.speechRatio, `segment ${s.index}`).to.be.at.least(NO_SPEECH_RATIO);
        // The truth counts a noisy clip's inner pauses as speech; the detector does not.
        expect(s.analysis.speechRatio, `segment ${s.index}`).to.be.within(truth * 0.5, truth + 0.15);
      }
    });
  });

  it('puts no cut inside a spoken turn under a 60 Hz hum 10 dB under the voices', async () => {
    const m = await bed({ kind: 'hum60', underSpeechDb: 10 });
    const manifest = await ingest(m.file, path.join(tmp(), 'out-hum'), { ...BOUNDS, modelPath: null });
    const cuts = manifest.segments.slice(1).map((s) => s.start);
    expect(cuts.length).to.be.at.least(4);
    expect(cutsInSpeech(cuts, m.speech)).to.deep.equal([]);
  });

  describe('with the classifier on (YAMNet)', () => {
    let model = '';
    before(function () {
      model = requireYamnet(this);
    });

    it('labels the music alone as music, and still cuts only between turns and closes it as [no speech]', async () => {
      const m = await bed({ kind: 'music', underSpeechDb: 10, leadSec: 45 });
      const manifest = await ingest(m.file, path.join(tmp(), 'out-yamnet'), { ...BOUNDS, modelPath: model });
      expect(manifest.classifier).to.equal('yamnet');
      expect(
        cutsInSpeech(
          manifest.segments.slice(1).map((s) => s.start),
          m.speech,
        ),
      ).to.deep.equal([]);
      const first = manifest.segments[0]!;
      expect(spoken(m, first.start, first.end)).to.equal(0);
      expect(first.analysis.speechRatio).to.be.below(NO_SPEECH_RATIO);
      expect(first.analysis.labels.map((l) => l.name)).to.include('Music');
    });
  });
});
