/**
 * Test meetings of known speech and pauses: real speech clips (../shared/fixtures/speech) and
 * espeak-ng sentences, separated by pauses of known length over a low noise floor, encoded to
 * any format. The ground truth (speech intervals) comes with it, so cut quality can be measured.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FRAME, SAMPLE_RATE, type Interval } from './analysis.ts';
import { runFfmpeg, spawnFfmpeg } from './ffmpeg.ts';

export interface MeetingSpec {
  durationSec: number;
  outFile: string;
  /** Container/codec by extension unless given: wav, m4a (AAC), mp3, ogg (Opus), webm (Opus). */
  format?: 'wav' | 'm4a' | 'mp3' | 'ogg' | 'webm';
  /** Output sample rate and channels (default 44.1 kHz stereo, like a phone or laptop recording). */
  sampleRate?: number;
  channels?: number;
  /** Same seed, same meeting (default 1). */
  seed?: number;
  /** Background noise level in dBFS RMS (default -55; null for digital silence). */
  noiseDb?: number | null;
}

export interface Meeting {
  file: string;
  durationSec: number;
  /** Where someone is speaking (gaps under 0.3 s inside a sentence count as speech). */
  speech: Interval[];
}

const CODECS: Record<NonNullable<MeetingSpec['format']>, string[]> = {
  wav: ['-c:a', 'pcm_s16le'],
  m4a: ['-c:a', 'aac', '-b:a', '96k'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '96k'],
  ogg: ['-c:a', 'libopus', '-b:a', '48k'],
  webm: ['-c:a', 'libopus', '-b:a', '48k'],
};

const SENTENCES = [
  'Good morning everyone, let us start with the quarterly figures.',
  'I think the budget for the second half needs another look before we sign off.',
  'Could you share the slides from last week, please?',
  'The customer asked for a delivery date in early March.',
  'We should hire two more engineers for the platform team.',
  'Thanks, that is all from my side.',
  'Let me check the numbers and get back to you tomorrow.',
  'Does anyone have questions about the new travel policy?',
];
const VOICES = ['en-us', 'en-gb', 'en-us+f3', 'en-gb+m3'];
const SPEECH_GAP_SEC = 0.3;

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The shared speech fixtures: NOTULA_SPEECH_FIXTURES, else fixtures/speech in NOTULA_SHARED or ../shared. */
export function speechFixturesDir(): string | null {
  const dir =
    process.env.NOTULA_SPEECH_FIXTURES ??
    path.join(
      process.env.NOTULA_SHARED ?? path.resolve(import.meta.dirname, '..', '..', 'shared'),
      'fixtures',
      'speech',
    );
  return existsSync(dir) ? dir : null;
}

interface Clip {
  pcm: Int16Array;
  /** Speech inside the clip, in seconds from its start. */
  speech: Interval[];
}

/** Speech in a clean clip: 10 ms frames above -40 dBFS, gaps under 0.3 s bridged. */
export function clipSpeech(pcm: Int16Array): Interval[] {
  const out: Interval[] = [];
  for (let f = 0; f * FRAME < pcm.length; f++) {
    let sum = 0;
    const end = Math.min(pcm.length, (f + 1) * FRAME);
    for (let i = f * FRAME; i < end; i++) sum += (pcm[i]! / 32768) ** 2;
    if (10 * Math.log10(sum / (end - f * FRAME) + 1e-12) < -40) continue;
    const [s, e] = [(f * FRAME) / SAMPLE_RATE, end / SAMPLE_RATE];
    const last = out.at(-1);
    if (last && s - last.end < SPEECH_GAP_SEC) last.end = e;
    else out.push({ start: s, end: e });
  }
  return out;
}

async function toPcm16k(file: string, cacheFile: string): Promise<Int16Array> {
  if (!existsSync(cacheFile)) {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    await runFfmpeg(['-i', file, '-ac', '1', '-ar', String(SAMPLE_RATE), '-f', 's16le', '-y', tmp], {
      outputs: [tmp],
    });
    await rename(tmp, cacheFile);
  }
  const buf = await readFile(cacheFile);
  return new Int16Array(buf.buffer, buf.byteOffset, buf.length >> 1);
}

/** Speech clips: the shared fixtures when present, plus espeak-ng sentences (cached in the temp dir). */
async function loadClips(): Promise<Clip[]> {
  const cache = path.join(os.tmpdir(), 'notula-test-media', 'clips');
  await mkdir(cache, { recursive: true });
  const clips: Clip[] = [];
  const fixtures = speechFixturesDir();
  for (const f of fixtures ? readdirSync(fixtures).filter((n) => n.endsWith('.wav')) : []) {
    clips.push({ pcm: await toPcm16k(path.join(fixtures!, f), path.join(cache, `${f}.pcm`)), speech: [] });
  }
  for (let i = 0; i < SENTENCES.length; i++) {
    const wav = path.join(cache, `espeak-${i}.wav`);
    if (!existsSync(wav)) {
      await promisify(execFile)('espeak-ng', [
        '-v',
        VOICES[i % VOICES.length]!,
        '-s',
        '165',
        '-w',
        wav,
        SENTENCES[i]!,
      ]);
    }
    clips.push({ pcm: await toPcm16k(wav, path.join(cache, `espeak-${i}.pcm`)), speech: [] });
  }
  for (const c of clips) c.speech = clipSpeech(c.pcm);
  return clips;
}

/** Writes a meeting of `durationSec` and `<outFile>.truth.json` ({durationSec, speech}); returns the truth. */
export async function makeMeeting(spec: MeetingSpec): Promise<Meeting> {
  const format = spec.format ?? (path.extname(spec.outFile).slice(1) as NonNullable<MeetingSpec['format']>);
  if (!CODECS[format])
    throw new Error(`Unknown test-media format "${format}"; use wav, m4a, mp3, ogg or webm.`);
  const clips = await loadClips();
  const rand = rng(spec.seed ?? 1);
  const total = Math.round(spec.durationSec * SAMPLE_RATE);
  const noise = spec.noiseDb === null ? 0 : 32768 * 10 ** ((spec.noiseDb ?? -55) / 20) * Math.sqrt(3);
  await mkdir(path.dirname(path.resolve(spec.outFile)), { recursive: true });
  const rate = String(spec.sampleRate ?? 44100);
  const args = [
    '-f',
    's16le',
    '-ar',
    String(SAMPLE_RATE),
    '-ac',
    '1',
    '-i',
    'pipe:0',
    '-ar',
    rate,
    '-ac',
    String(spec.channels ?? 2),
  ];
  const ff = spawnFfmpeg(
    [...args, ...CODECS[format], '-f', format === 'm4a' ? 'ipod' : format, '-y', spec.outFile],
    {
      stdin: true,
      outputs: [spec.outFile],
    },
  );
  ff.stdout.resume();
  const speech: Interval[] = [];
  let at = Math.round((0.5 + rand()) * SAMPLE_RATE);
  const chunk = new Int16Array(SAMPLE_RATE * 10);
  let chunkStart = 0;
  // Events are placed ahead of the write position, so each chunk is filled from a short queue.
  const placed: { at: number; pcm: Int16Array }[] = [];
  while (at < total) {
    const clip = clips[Math.floor(rand() * clips.length)]!;
    for (const s of clip.speech) {
      const start = (at + s.start * SAMPLE_RATE) / SAMPLE_RATE;
      const end = Math.min(total, at + s.end * SAMPLE_RATE) / SAMPLE_RATE;
      if (start < end) addSpeech(speech, { start, end });
    }
    placed.push({ at, pcm: clip.pcm });
    at += clip.pcm.length;
    // Inside a turn: a short breath; between turns: a pause, sometimes a long one.
    const r = rand();
    const gap = r < 0.3 ? 0.1 + 0.15 * rand() : r < 0.9 ? 0.5 + 2.5 * rand() : 4 + 6 * rand();
    at += Math.round(gap * SAMPLE_RATE);
    // Everything before `at` is placed, so whole chunks up to it can be written.
    while (chunkStart + chunk.length <= Math.min(at, total)) chunkStart = await flush();
  }
  while (chunkStart < total) chunkStart = await flush();
  ff.stdin!.end();
  await ff.done;
  const truth: Meeting = { file: spec.outFile, durationSec: total / SAMPLE_RATE, speech };
  await writeFile(`${spec.outFile}.truth.json`, JSON.stringify(truth));
  return truth;

  async function flush(): Promise<number> {
    const n = Math.min(chunk.length, total - chunkStart);
    for (let i = 0; i < n; i++) chunk[i] = noise ? Math.round((rand() * 2 - 1) * noise) : 0;
    for (const p of placed) {
      const from = Math.max(p.at, chunkStart);
      const to = Math.min(p.at + p.pcm.length, chunkStart + n);
      for (let i = from; i < to; i++)
        chunk[i - chunkStart] = clamp16(chunk[i - chunkStart]! + p.pcm[i - p.at]!);
    }
    while (placed.length && placed[0]!.at + placed[0]!.pcm.length <= chunkStart + n) placed.shift();
    const buf = Buffer.from(chunk.buffer, 0, n * 2);
    if (!ff.stdin!.write(Buffer.from(buf))) await new Promise((r) => ff.stdin!.once('drain', r));
    return chunkStart + n;
  }
}

const clamp16 = (v: number): number => Math.max(-32768, Math.min(32767, v));

function addSpeech(list: Interval[], s: Interval): void {
  const last = list.at(-1);
  if (last && s.start - last.end < SPEECH_GAP_SEC) last.end = Math.max(last.end, s.end);
  else list.push(s);
}

/** Cuts (segment starts after the first) that fall inside ground-truth speech. */
export function cutsInSpeech(cuts: number[], speech: Interval[]): number[] {
  return cuts.filter((c) => speech.some((s) => c > s.start && c < s.end));
}

/** Reads `<file>.truth.json` written by makeMeeting. */
export function readTruth(file: string): Meeting {
  return JSON.parse(readFileSync(`${file}.truth.json`, 'utf8')) as Meeting;
}
