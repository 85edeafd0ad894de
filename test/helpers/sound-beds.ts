/**
 * Sound beds under a test meeting: a music bed (sustained sine chords with a deep tremolo), mains hum
 * (50 or 60 Hz with harmonics), pink or brown noise. ffmpeg's lavfi sources make them; they are
 * mixed at a chosen level under the meeting's own speech level, optionally with stretches of the
 * bed alone before and after the meeting (music with nobody speaking). The ground truth moves
 * with the speech. Used by the media tests, the HTTP ingest test and `npm run bench:ingest -- --quality`.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SAMPLE_RATE, type Interval } from '../../media/analysis.ts';
import { runFfmpeg, spawnFfmpeg } from '../../media/ffmpeg.ts';

export type BedKind = 'music' | 'hum50' | 'hum60' | 'pink' | 'brown';

export interface BedSpec {
  kind: BedKind;
  /** The bed's RMS level this many dB under the speech's RMS level (20: soft, 10: loud). */
  underSpeechDb: number;
  /** Seconds of the bed alone before the meeting starts (default 0). */
  leadSec?: number;
  /** Seconds of the bed alone after the meeting ends (default 0). */
  tailSec?: number;
  /** Noise seed (pink, brown); default 1. */
  seed?: number;
  /** m4a: AAC 44.1 kHz stereo, like a laptop recording (default); wav: 16 kHz mono, quick to make. */
  format?: 'm4a' | 'wav';
}

/** A meeting with a bed: where the speech is, in the mixed file's time. */
export interface BedMeeting {
  file: string;
  durationSec: number;
  speech: Interval[];
  bed: BedSpec;
}

/** Four chords (C, Am, F, G), four seconds each, three sines per chord. */
const CHORDS = [
  [261.63, 329.63, 392.0],
  [220.0, 261.63, 329.63],
  [174.61, 220.0, 261.63],
  [196.0, 246.94, 293.66],
];

function chordExpr(): string {
  const chord = (f: number[]): string => f.map((hz) => `sin(2*PI*${hz}*t)`).join('+');
  // Nested ifs over a 16 s cycle; the filtergraph's single quotes keep the commas inside the expression.
  const [a, b, c, d] = CHORDS.map(chord);
  return `if(lt(mod(t\\,16)\\,4)\\,${a}\\,if(lt(mod(t\\,16)\\,8)\\,${b}\\,if(lt(mod(t\\,16)\\,12)\\,${c}\\,${d})))`;
}

function humExpr(hz: number): string {
  const harmonics = [1, 0.5, 0.35, 0.2, 0.1];
  return harmonics.map((a, i) => `${a}*sin(2*PI*${hz * (i + 1)}*t)`).join('+');
}

/**
 * Seconds after which a bed repeats exactly: it is generated once and looped (ffmpeg's expression
 * evaluator takes seconds per minute of audio); noise is generated whole.
 */
const PERIOD_SEC: Record<BedKind, number | null> = { music: 16, hum50: 1, hum60: 1, pink: null, brown: null };

/** The lavfi source of `seconds` of a bed at 16 kHz mono (its level is set later). */
export function bedSource(kind: BedKind, seconds: number, seed = 1): string {
  const d = (PERIOD_SEC[kind] ?? seconds).toFixed(3);
  switch (kind) {
    case 'music':
      // A held chord shimmering eight times a second (down to a tenth), like an organ pad under a
      // hold tune (128 tremolo cycles per 16 s period, so the loop is seamless). Its swells
      // fill the pauses: energy finds none once it is 10 dB under the voices.
      return `aevalsrc=${chordExpr()}:s=${SAMPLE_RATE}:d=${d},tremolo=f=8:d=0.9`;
    case 'hum50':
      return `aevalsrc=${humExpr(50).replace(/,/g, '\\,')}:s=${SAMPLE_RATE}:d=${d}`;
    case 'hum60':
      return `aevalsrc=${humExpr(60).replace(/,/g, '\\,')}:s=${SAMPLE_RATE}:d=${d}`;
    case 'pink':
    case 'brown':
      return `anoisesrc=c=${kind}:r=${SAMPLE_RATE}:a=0.5:seed=${seed}:d=${d}`;
  }
}

async function pcm16k(args: string[], tmp: string): Promise<Int16Array> {
  await runFfmpeg([...args, '-ac', '1', '-ar', String(SAMPLE_RATE), '-f', 's16le', '-y', tmp], {
    outputs: [tmp],
  });
  try {
    const buf = await readFile(tmp);
    return new Int16Array(buf.buffer, buf.byteOffset, buf.length >> 1);
  } finally {
    await rm(tmp, { force: true });
  }
}

function rms(pcm: Int16Array, ranges: Interval[]): number {
  let sum = 0;
  let n = 0;
  for (const r of ranges) {
    const end = Math.min(pcm.length, Math.round(r.end * SAMPLE_RATE));
    for (let i = Math.max(0, Math.round(r.start * SAMPLE_RATE)); i < end; i++) {
      sum += pcm[i]! * pcm[i]!;
      n++;
    }
  }
  return n ? Math.sqrt(sum / n) : 0;
}

/**
 * Mixes `spec`'s bed under `meeting` (any file ffmpeg reads, with its speech intervals) into
 * `outFile` and writes `<outFile>.truth.json`.
 */
export async function withSoundBed(
  meeting: { file: string; speech: Interval[] },
  spec: BedSpec,
  outFile: string,
): Promise<BedMeeting> {
  const tmp = `${outFile}.${process.pid}`;
  const speechPcm = await pcm16k(['-i', meeting.file], `${tmp}.speech.pcm`);
  const lead = Math.round((spec.leadSec ?? 0) * SAMPLE_RATE);
  const total = lead + speechPcm.length + Math.round((spec.tailSec ?? 0) * SAMPLE_RATE);
  const bed = await pcm16k(
    ['-f', 'lavfi', '-i', bedSource(spec.kind, total / SAMPLE_RATE + 0.1, spec.seed)],
    `${tmp}.bed.pcm`,
  );
  const gain =
    (rms(speechPcm, meeting.speech) * 10 ** (-spec.underSpeechDb / 20)) /
    Math.max(1e-9, rms(bed, [{ start: 0, end: bed.length / SAMPLE_RATE }]));
  const mixed = new Int16Array(total);
  for (let i = 0; i < total; i++) {
    const voice = i >= lead && i - lead < speechPcm.length ? speechPcm[i - lead]! : 0;
    mixed[i] = Math.max(-32768, Math.min(32767, Math.round(voice + gain * bed[i % bed.length]!)));
  }
  const encode =
    spec.format === 'wav'
      ? ['-c:a', 'pcm_s16le', '-f', 'wav']
      : ['-ar', '44100', '-ac', '2', '-c:a', 'aac', '-b:a', '96k', '-f', 'ipod'];
  const enc = spawnFfmpeg(
    [...['-f', 's16le', '-ar', String(SAMPLE_RATE), '-ac', '1', '-i', 'pipe:0'], ...encode, '-y', outFile],
    { stdin: true, outputs: [outFile] },
  );
  enc.stdout.resume();
  enc.stdin!.end(Buffer.from(mixed.buffer, mixed.byteOffset, mixed.byteLength));
  await enc.done;
  const shift = lead / SAMPLE_RATE;
  const result: BedMeeting = {
    file: outFile,
    durationSec: total / SAMPLE_RATE,
    speech: meeting.speech.map((s) => ({ start: s.start + shift, end: s.end + shift })),
    bed: spec,
  };
  await writeFile(`${outFile}.truth.json`, JSON.stringify(result));
  return result;
}

/**
 * A cached bed meeting: made once per base meeting and spec, reused while its truth file exists.
 * The name carries a digest of the bed's source, so changing how a bed sounds makes it anew.
 */
export async function cachedSoundBed(
  meeting: { file: string; speech: Interval[] },
  spec: BedSpec,
  dir: string,
): Promise<BedMeeting> {
  const digest = createHash('sha1')
    .update(`${bedSource(spec.kind, 1, spec.seed)} ${spec.underSpeechDb} ${spec.leadSec} ${spec.tailSec}`)
    .digest('hex')
    .slice(0, 8);
  const base = path.basename(meeting.file, path.extname(meeting.file));
  const file = path.join(
    dir,
    `${base}-${spec.kind}-${spec.underSpeechDb}db-${digest}.${spec.format ?? 'm4a'}`,
  );
  if (existsSync(`${file}.truth.json`) && existsSync(file))
    return JSON.parse(await readFile(`${file}.truth.json`, 'utf8')) as BedMeeting;
  return withSoundBed(meeting, spec, file);
}
