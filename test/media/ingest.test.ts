import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ingest, MediaError, probe, type Manifest } from '../../media/index.ts';
import { decodePass } from '../../media/decode.ts';
import { runFfprobe } from '../../media/ffmpeg.ts';
import type { PeaksFile } from '../../media/peaks.ts';
import { cutsInSpeech, makeMeeting, type Meeting } from '../helpers/media.ts';
import { TOOLS, useTmpDir } from './helpers.ts';

const opusSeconds = async (file: string): Promise<number> =>
  Number((await runFfprobe(['-show_entries', 'format=duration', '-of', 'csv=p=0', file])).trim());

describe('media/ingest: a 150-second meeting end to end (real ffmpeg, decoded as two halves at once)', () => {
  const tmp = useTmpDir();
  let meeting: Meeting;
  let manifest: Manifest;
  const out = (): string => path.join(tmp(), 'out');
  const progress: [number, string][] = [];

  before(async function () {
    this.timeout(120_000);
    meeting = await makeMeeting({ durationSec: 150, outFile: path.join(tmp(), 'meeting.m4a'), seed: 7 });
    manifest = await ingest(meeting.file, out(), {
      tools: TOOLS,
      targetSec: 20,
      minSec: 8,
      maxSec: 40,
      modelPath: null,
      onProgress: (f, stage) => progress.push([f, stage]),
    });
  });

  it('writes manifest.json equal to the returned manifest, with every file it names', () => {
    const onDisk = JSON.parse(readFileSync(path.join(out(), 'manifest.json'), 'utf8')) as Manifest;
    expect(onDisk).to.deep.equal(manifest);
    expect(manifest.classifier).to.equal('off');
    expect(manifest.durationSec).to.be.closeTo(150, 0.05);
    for (const f of [
      manifest.peaks,
      manifest.playback,
      ...manifest.segments.flatMap((s) => [s.audio, s.peaks]),
    ]) {
      expect(existsSync(path.join(out(), f)), f).to.equal(true);
    }
  });

  it('tiles the recording with segments within the bounds, each with its context', () => {
    const segs = manifest.segments;
    expect(segs.length).to.be.within(4, 19);
    expect(segs[0]!.start).to.equal(0);
    expect(segs.at(-1)!.end).to.equal(manifest.durationSec);
    segs.forEach((s, i) => {
      expect(s.index).to.equal(i);
      if (i > 0) expect(s.start).to.equal(segs[i - 1]!.end);
      expect(s.end - s.start).to.be.within(8 - 1e-6, 40 + 1e-6);
      expect(s.contextStart).to.be.closeTo(Math.max(0, s.start - 3), 1e-3);
      expect(s.contextEnd).to.be.closeTo(Math.min(manifest.durationSec, s.end + 3), 1e-3);
    });
  });

  it('cuts only in pauses between speakers, never in speech', () => {
    const cuts = manifest.segments.slice(1).map((s) => s.start);
    expect(cutsInSpeech(cuts, meeting.speech)).to.deep.equal([]);
  });

  it('encodes each segment as Opus lasting its context span, and the playback as long as the recording', async () => {
    for (const s of manifest.segments) {
      const file = path.join(out(), s.audio);
      expect(await opusSeconds(file)).to.be.closeTo(s.contextEnd - s.contextStart, 0.15);
      expect(await runFfprobe(['-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file])).to.match(
        /^opus/,
      );
    }
    expect(await opusSeconds(path.join(out(), manifest.playback))).to.be.closeTo(manifest.durationSec, 0.15);
  });

  it('writes peaks wavesurfer can draw: 0..1 values covering the recording and each segment', () => {
    const overview = JSON.parse(readFileSync(path.join(out(), manifest.peaks), 'utf8')) as PeaksFile;
    expect(overview.sampleRate).to.equal(16000);
    expect(overview.duration).to.be.closeTo(manifest.durationSec, 0.02);
    expect(overview.peaks.length).to.equal(Math.ceil((overview.duration * 16000) / overview.samplesPerPeak));
    expect(Math.max(...overview.peaks)).to.be.within(0.05, 1);
    expect(Math.min(...overview.peaks)).to.be.at.least(0);
    const s = manifest.segments[1]!;
    const seg = JSON.parse(readFileSync(path.join(out(), s.peaks), 'utf8')) as PeaksFile;
    expect(seg.samplesPerPeak).to.equal(160);
    expect(seg.duration).to.be.closeTo(s.contextEnd - s.contextStart, 0.011);
  });

  it('reports speech in segments that hold speech', () => {
    for (const s of manifest.segments) {
      const heard = meeting.speech.reduce(
        (t, v) => t + Math.max(0, Math.min(s.end, v.end) - Math.max(s.start, v.start)),
        0,
      );
      const truth = heard / (s.end - s.start);
      // The truth counts the pauses inside a noisy clip (jfk.wav's crowd) as speech; the detector does not.
      expect(s.analysis.speechRatio, `segment ${s.index}`).to.be.within(truth * 0.6, truth + 0.15);
      expect(s.analysis.labels).to.deep.equal([]);
    }
  });

  it('reports progress from 0 to 1 through the stages', () => {
    expect(progress[0]).to.deep.equal([0, 'probe']);
    expect(progress.at(-1)).to.deep.equal([1, 'done']);
    expect(progress.some(([, s]) => s === 'decode')).to.equal(true);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).to.be.at.least(progress[i - 1]![0]);
  });
});

describe('media/ingest: failures leave nothing behind', () => {
  const tmp = useTmpDir();

  it('rejects a file whose audio stops early, removing the output directory', async () => {
    const m = await makeMeeting({ durationSec: 12, outFile: path.join(tmp(), 'm.mp3') });
    const bytes = readFileSync(m.file);
    writeFileSync(path.join(tmp(), 'cut.mp3'), bytes.subarray(0, bytes.length >> 1));
    const out = path.join(tmp(), 'out-cut');
    const e = await ingest(path.join(tmp(), 'cut.mp3'), out, { tools: TOOLS, modelPath: null }).catch(
      (x: unknown) => x,
    );
    expect(e).to.be.instanceOf(MediaError);
    expect((e as MediaError).kind).to.equal('truncated');
    expect(existsSync(out)).to.equal(false);
  });

  it('stops when aborted, removing what it wrote', async () => {
    const m = await makeMeeting({
      durationSec: 60,
      outFile: path.join(tmp(), 'long.wav'),
      sampleRate: 16000,
      channels: 1,
    });
    const out = path.join(tmp(), 'out-abort');
    const ac = new AbortController();
    const run = ingest(m.file, out, {
      tools: TOOLS,
      modelPath: null,
      signal: ac.signal,
      onProgress: (_f, stage) => {
        if (stage === 'decode') ac.abort(new Error('stop'));
      },
    });
    const e = await run.catch((x: unknown) => x);
    expect((e as Error).message).to.equal('stop');
    expect(existsSync(out)).to.equal(false);
  });
});

describe('media/ingest: the longest recording accepted (maxDurationSec)', () => {
  const tmp = useTmpDir();
  let file = '';
  before(async function () {
    this.timeout(60_000);
    file = (await makeMeeting({ durationSec: 12, outFile: path.join(tmp(), 'm.wav') })).file;
  });

  it('refuses a recording longer than the limit before decoding it, writing nothing', async () => {
    const out = path.join(tmp(), 'out-long');
    const e = await ingest(file, out, { tools: TOOLS, modelPath: null, maxDurationSec: 5 }).catch(
      (x: unknown) => x,
    );
    expect(e).to.be.instanceOf(MediaError);
    expect((e as MediaError).kind).to.equal('too_long');
    expect((e as MediaError).message).to.match(/is 12\.0 s long; at most 5\.0 s is accepted/);
    expect(existsSync(out)).to.equal(false);
  });

  it('stops decoding a file that holds more audio than its header declares once it passes the limit', async () => {
    const probed = await probe(file, TOOLS);
    const playback = path.join(tmp(), 'playback.webm');
    const understated = { ...probed, durationSec: 4 };
    const e = await decodePass(file, understated, playback, { tools: TOOLS, maxSec: 5 }).catch(
      (x: unknown) => x,
    );
    expect(e).to.be.instanceOf(MediaError);
    expect((e as MediaError).kind).to.equal('too_long');
    expect((e as MediaError).message).to.match(/holds more than 5\.0 s of audio, though it declares 4\.0 s/);
    // Within the limit, the same understatement is no concern of this check.
    const fine = await decodePass(file, { ...probed, durationSec: 11.9 }, playback, {
      tools: TOOLS,
      maxSec: 20,
    });
    expect(fine.samples / 16000).to.be.closeTo(12, 0.1);
  });
});
