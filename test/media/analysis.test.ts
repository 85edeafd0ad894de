import { expect } from 'chai';
import { activeRatio, detectPauses, FRAME, PcmAnalyser } from '../../media/analysis.ts';
import { overviewFramesPerPeak, peaksFromFrames } from '../../media/peaks.ts';
import { lastLine, parseVersion, resolveMediaTools } from '../../media/ffmpeg.ts';

/** 16 kHz s16le: `seconds` of a tone at `amp`, or noise at `amp` when `noise`. */
function pcm(seconds: number, amp: number, noise = false): Buffer {
  const n = Math.round(seconds * 16000);
  const b = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    const v = noise ? (Math.random() * 2 - 1) * amp : amp * Math.sin((2 * Math.PI * 220 * i) / 16000);
    b.writeInt16LE(Math.round(v * 32767), i * 2);
  }
  return b;
}

describe('media/analysis', () => {
  const audio = Buffer.concat([
    pcm(2, 0.3),
    pcm(1, 0.001, true),
    pcm(2, 0.3),
    pcm(0.2, 0.001, true),
    pcm(1, 0.3),
  ]);

  it('gives the same frames whatever the chunk boundaries (odd byte splits included)', () => {
    const whole = new PcmAnalyser(6);
    whole.push(audio);
    const a = whole.finish();
    const pieces = new PcmAnalyser();
    for (let at = 0; at < audio.length; at += 3333) pieces.push(audio.subarray(at, at + 3333));
    const b = pieces.finish();
    expect(b.samples).to.equal(audio.length / 2);
    expect(Array.from(b.energy)).to.deep.equal(Array.from(a.energy));
    expect(Array.from(b.peak)).to.deep.equal(Array.from(a.peak));
    expect(a.energy.length).to.equal(Math.ceil(a.samples / FRAME));
  });

  it('finds the 1 s pause and ignores the 0.2 s gap', () => {
    const an = new PcmAnalyser();
    an.push(audio);
    const { pauses } = detectPauses(an.finish().energy, 6.2);
    expect(pauses).to.have.length(1);
    expect(pauses[0]!.start).to.be.closeTo(2, 0.02);
    expect(pauses[0]!.end).to.be.closeTo(3, 0.02);
    expect(activeRatio(pauses, 0, 4)).to.be.closeTo(0.75, 0.01);
  });

  it('makes peaks: maxima per group, rounded, overview at most ~50k values', () => {
    const p = peaksFromFrames(new Float32Array([0.1, 0.456, 0.2, 0.9, 0.3]), 0, 5, 2);
    expect(p).to.deep.equal({
      sampleRate: 16000,
      samplesPerPeak: 320,
      duration: 0.05,
      peaks: [0.46, 0.9, 0.3],
    });
    const twoHours = 2 * 3600 * 100;
    expect(twoHours / overviewFramesPerPeak(twoHours)).to.be.at.most(50_000);
  });
});

describe('media/ffmpeg', () => {
  it('takes FFMPEG_PATH and FFPROBE_PATH first', () => {
    expect(
      resolveMediaTools({ ffmpegPath: '/opt/ff/ffmpeg', ffprobePath: '/opt/ff/ffprobe', searchPath: '' }),
    ).to.deep.equal({
      ffmpeg: '/opt/ff/ffmpeg',
      ffprobe: '/opt/ff/ffprobe',
      source: 'env',
    });
  });

  it('falls back to ffmpeg on the PATH when ffmpeg-static is not installed', () => {
    const r = resolveMediaTools({ searchPath: '/usr/bin' });
    expect(r).to.deep.equal({ ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'path' });
  });

  it('parses the version line and the last stderr line', () => {
    expect(parseVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026')).to.equal(
      '5.1.9-0+deb12u1',
    );
    expect(
      lastLine('[mp3 @ 0x55c8e60501c0] Header missing\nx.mp3: Invalid data found when processing input\n'),
    ).to.equal('x.mp3: Invalid data found when processing input');
  });
});
