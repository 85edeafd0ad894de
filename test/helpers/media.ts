/**
 * The one test-meeting generator. Tests, benchmarks, screenshots and `scripts/make-test-media.ts`
 * all call it. A meeting is spoken sentences separated by pauses of known length over a chosen
 * noise floor. The real ffmpeg encodes it to any format. Its ground truth comes with it: where
 * someone speaks, and who says what when. So cut quality can be measured and transcripts predicted.
 *
 * The speech is espeak-ng's (setup installs it), so a fresh clone makes the same meetings as any
 * other machine. The human speech fixtures (./assets.ts) are mixed in only when asked for
 * (`voices`), by benchmarks that measure cut quality on real voices too.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FRAME, SAMPLE_RATE, type Interval } from '../../media/analysis.ts';
import { runFfmpeg, spawnFfmpeg } from '../../media/ffmpeg.ts';
import type { Turn } from '../../server/domain.ts';
import { speechFixturesDir } from './assets.ts';
import { rng } from './random.ts';

/**
 * Whose speech: `synthetic` is espeak-ng only (the same on every machine); `mixed` adds the human
 * speech fixtures when they are present; `human` is the fixtures only (an error when absent).
 */
export type Voices = 'synthetic' | 'mixed' | 'human';

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
  /** Default `synthetic`, so a test hears the same meeting on every machine. */
  voices?: Voices;
  /**
   * A scripted conversation: the sentences in turn from the start, each followed by this many
   * seconds of pause. Without it the sentences come in random order, with random pauses (a breath,
   * a turn, sometimes a long silence).
   */
  gapSec?: number;
}

/** Who says what, when (seconds from the start; `end` is where the sentence's audio ends). */
export interface SpokenTurn {
  speaker: string;
  start: number;
  end: number;
  text: string;
}

export interface Meeting {
  file: string;
  durationSec: number;
  /** Where someone is speaking (gaps under 0.3 s inside a sentence count as speech). */
  speech: Interval[];
  turns: SpokenTurn[];
  /** The voices actually used: `mixed` without the fixtures is `synthetic`. */
  voices: Voices;
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
/** espeak-ng voices, each a made-up participant; sentence i is spoken by voice i mod 4. */
const VOICES = [
  { voice: 'en-us', speaker: 'Budi' },
  { voice: 'en-gb', speaker: 'Sari' },
  { voice: 'en-us+f3', speaker: 'Ana' },
  { voice: 'en-gb+m3', speaker: 'Tom' },
];
const ESPEAK_WPM = '165';
/** The human fixtures, with their words as the fixtures' README gives them; speakers made up. */
const HUMAN = [
  {
    file: 'jfk.wav',
    speaker: 'Rudi',
    text: 'And so, my fellow Americans, ask not what your country can do for you, ask what you can do for your country.',
  },
  {
    file: 'librispeech_251-137823-0003_another_engineer.wav',
    speaker: 'Dewi',
    text: 'Another engineer rushed toward the door to see what was happening outside.',
  },
  {
    file: 'librispeech_3536-23268-0010_another_door.wav',
    speaker: 'Joko',
    text: 'And he walked immediately out of the apartment by another door.',
  },
];
const SPEECH_GAP_SEC = 0.3;
const CACHE = path.join(os.tmpdir(), 'notula-test-media');

const shortHash = (v: unknown): string =>
  createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 12);

interface Clip {
  human: boolean;
  speaker: string;
  text: string;
  pcm: Int16Array;
  /** Speech inside the clip, in seconds from its start. */
  speech: Interval[];
}

/** Speech in a clean clip: 10 ms frames above -40 dBFS, gaps under 0.3 s bridged. */
function clipSpeech(pcm: Int16Array): Interval[] {
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

/** A temp name beside `file`, unique to this call, keeping its extension (ffmpeg reads it). */
const tmpName = (file: string): string =>
  `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp${path.extname(file)}`;

/** Writes `file` through a temp name, so another process never reads it half-written. */
async function cacheAtomically(file: string, write: (tmp: string) => Promise<unknown>): Promise<void> {
  if (existsSync(file)) return;
  const tmp = tmpName(file);
  try {
    await write(tmp);
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}

async function toPcm16k(file: string, cacheFile: string): Promise<Int16Array> {
  await cacheAtomically(cacheFile, (tmp) =>
    runFfmpeg(['-i', file, '-ac', '1', '-ar', String(SAMPLE_RATE), '-f', 's16le', '-y', tmp], {
      outputs: [tmp],
    }),
  );
  const buf = await readFile(cacheFile);
  return new Int16Array(buf.buffer, buf.byteOffset, buf.length >> 1);
}

async function espeak(voice: string, text: string, wav: string): Promise<void> {
  try {
    await promisify(execFile)('espeak-ng', ['-v', voice, '-s', ESPEAK_WPM, '-w', wav, text]);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new Error(
      err.code === 'ENOENT'
        ? 'espeak-ng is not installed: test meetings are made of its speech. `npm run setup` installs it (apt-get install espeak-ng).'
        : `espeak-ng failed: ${err.message}`,
    );
  }
}

/** The sentences to build a meeting from, converted to 16 kHz mono once and cached in the temp dir. */
async function loadClips(voices: Voices): Promise<Clip[]> {
  const dir = path.join(CACHE, 'clips');
  await mkdir(dir, { recursive: true });
  const clips: Clip[] = [];
  if (voices !== 'synthetic') {
    const fixtures = speechFixturesDir();
    for (const h of HUMAN) {
      const wav = path.join(fixtures, h.file);
      if (!existsSync(wav)) {
        if (voices === 'human') throw new Error(`human speech fixture not found: ${wav}`);
        continue;
      }
      const pcm = await toPcm16k(wav, path.join(dir, `${h.file}.pcm`));
      clips.push({ human: true, speaker: h.speaker, text: h.text, pcm, speech: [] });
    }
  }
  if (voices !== 'human') {
    for (let i = 0; i < SENTENCES.length; i++) {
      const { voice, speaker } = VOICES[i % VOICES.length]!;
      const name = `espeak-${shortHash([voice, ESPEAK_WPM, SENTENCES[i]])}`;
      const wav = path.join(dir, `${name}.wav`);
      await cacheAtomically(wav, (tmp) => espeak(voice, SENTENCES[i]!, tmp));
      const pcm = await toPcm16k(wav, path.join(dir, `${name}.pcm`));
      clips.push({ human: false, speaker, text: SENTENCES[i]!, pcm, speech: [] });
    }
  }
  for (const c of clips) c.speech = clipSpeech(c.pcm);
  return clips;
}

/** Writes a meeting of `durationSec` and `<outFile>.truth.json` (the returned Meeting). */
export async function makeMeeting(spec: MeetingSpec): Promise<Meeting> {
  const format = spec.format ?? (path.extname(spec.outFile).slice(1) as NonNullable<MeetingSpec['format']>);
  if (!CODECS[format])
    throw new Error(`Unknown test-media format "${format}"; use wav, m4a, mp3, ogg or webm.`);
  const clips = await loadClips(spec.voices ?? 'synthetic');
  const voices = clips.every((c) => c.human) ? 'human' : clips.some((c) => c.human) ? 'mixed' : 'synthetic';
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
  const scripted = spec.gapSec !== undefined;
  const speech: Interval[] = [];
  const turns: SpokenTurn[] = [];
  let at = scripted ? 0 : Math.round((0.5 + rand()) * SAMPLE_RATE);
  const chunk = new Int16Array(SAMPLE_RATE * 10);
  let chunkStart = 0;
  // Events are placed ahead of the write position, so each chunk is filled from a short queue.
  const placed: { at: number; pcm: Int16Array }[] = [];
  for (let n = 0; at < total; n++) {
    const clip = scripted ? clips[n % clips.length]! : clips[Math.floor(rand() * clips.length)]!;
    for (const s of clip.speech) {
      const start = (at + s.start * SAMPLE_RATE) / SAMPLE_RATE;
      const end = Math.min(total, at + s.end * SAMPLE_RATE) / SAMPLE_RATE;
      if (start < end) addSpeech(speech, { start, end });
    }
    turns.push({
      speaker: clip.speaker,
      start: at / SAMPLE_RATE,
      end: Math.min(total, at + clip.pcm.length) / SAMPLE_RATE,
      text: clip.text,
    });
    placed.push({ at, pcm: clip.pcm });
    at += clip.pcm.length;
    const gap = scripted ? spec.gapSec! : randomPause(rand);
    at += Math.round(gap * SAMPLE_RATE);
    // Everything before `at` is placed, so whole chunks up to it can be written.
    while (chunkStart + chunk.length <= Math.min(at, total)) chunkStart = await flush();
  }
  while (chunkStart < total) chunkStart = await flush();
  ff.stdin!.end();
  await ff.done;
  const truth: Meeting = { file: spec.outFile, durationSec: total / SAMPLE_RATE, speech, turns, voices };
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

/** Inside a turn: a short breath; between turns: a pause, sometimes a long one. */
function randomPause(rand: () => number): number {
  const r = rand();
  return r < 0.3 ? 0.1 + 0.15 * rand() : r < 0.9 ? 0.5 + 2.5 * rand() : 4 + 6 * rand();
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

/**
 * A scripted meeting of `seconds` for the service's tests: espeak-ng sentences in turn, each
 * followed by `gapSec` of silence, 44.1 kHz stereo. Made once per machine (cached in the temp dir
 * by its parameters); its truth is beside it (`readTruth`). Resolves to the file.
 */
export async function speechRecording(
  seconds: number,
  ext: 'm4a' | 'wav' | 'mp3' | 'ogg' = 'm4a',
  gapSec = 1.5,
): Promise<string> {
  const spec = { durationSec: seconds, gapSec, voices: 'synthetic', noiseDb: null } as const;
  // The key covers what the audio is made of, so a changed sentence or voice makes a new file.
  const key = shortHash([spec, SENTENCES, VOICES, ESPEAK_WPM]);
  const out = path.join(CACHE, `speech-${seconds}s-${key}.${ext}`);
  if (existsSync(out)) return out;
  await mkdir(CACHE, { recursive: true });
  const tmp = tmpName(out);
  try {
    const truth = await makeMeeting({ ...spec, outFile: tmp, format: ext });
    // The truth first, so whoever sees the audio can read its truth.
    await writeFile(`${tmp}.truth.json`, JSON.stringify({ ...truth, file: out }));
    await rename(`${tmp}.truth.json`, `${out}.truth.json`);
    await rename(tmp, out);
  } finally {
    await rm(tmp, { force: true });
    await rm(`${tmp}.truth.json`, { force: true });
  }
  return out;
}

/** The true turns of a meeting that start in [start, end), as a transcriber would type them. */
export function spokenTurns(meeting: Meeting, start: number, end: number): Turn[] {
  return meeting.turns
    .filter((t) => t.start >= start && t.start < end)
    .map((t) => ({ speaker: t.speaker, start: Math.round(t.start * 100) / 100, text: t.text }));
}
