/**
 * Streaming analysis of 16 kHz mono s16le PCM: per 10 ms frame, the mean square (for pauses
 * and speech activity) and the absolute peak (for waveforms). Memory grows with the number of
 * frames (8 bytes per 10 ms, ~2.9 MB per hour), never with the PCM itself.
 */
export const SAMPLE_RATE = 16000;
/** Samples per analysis frame: 10 ms. Fine peaks use the same unit. */
export const FRAME = 160;
const FRAME_SEC = FRAME / SAMPLE_RATE;

export interface Interval {
  start: number;
  end: number;
}

export interface FrameStats {
  /** Mean square per frame, full scale = 1. */
  energy: Float32Array;
  /** Absolute peak per frame, 0..1. */
  peak: Float32Array;
  /** Samples seen (the last frame may be partial). */
  samples: number;
}

class Grow {
  data: Float32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float32Array(Math.max(1024, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Float32Array {
    return this.data.subarray(0, this.length);
  }
}

/** Feed it PCM chunks in order. */
export class PcmAnalyser {
  private readonly energy: Grow;
  private readonly peak: Grow;
  private samples = 0;
  private carry: Buffer | null = null;
  private sumSq = 0;
  private max = 0;
  private inFrame = 0;

  constructor(expectedSec = 0) {
    const frames = Math.ceil((expectedSec * SAMPLE_RATE) / FRAME) + 16;
    this.energy = new Grow(frames);
    this.peak = new Grow(frames);
  }

  get samplesSeen(): number {
    return this.samples;
  }

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.carry) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    const n = buf.length >> 1;
    if (buf.length & 1) this.carry = Buffer.from(buf.subarray(buf.length - 1));
    // Int16Array needs an even byte offset; pipe chunks usually have one, copies are the exception.
    if (buf.byteOffset & 1) buf = Buffer.from(buf);
    const pcm = new Int16Array(buf.buffer, buf.byteOffset, n);
    let { sumSq, max, inFrame } = this;
    for (let i = 0; i < n; i++) {
      const v = pcm[i]! / 32768;
      sumSq += v * v;
      const a = v < 0 ? -v : v;
      if (a > max) max = a;
      if (++inFrame === FRAME) {
        this.energy.push(sumSq / FRAME);
        this.peak.push(max);
        sumSq = 0;
        max = 0;
        inFrame = 0;
      }
    }
    this.sumSq = sumSq;
    this.max = max;
    this.inFrame = inFrame;
    this.samples += n;
  }

  finish(): FrameStats {
    if (this.inFrame > 0) {
      this.energy.push(this.sumSq / this.inFrame);
      this.peak.push(this.max);
      this.inFrame = 0;
    }
    return { energy: this.energy.view(), peak: this.peak.view(), samples: this.samples };
  }
}

export interface PauseOptions {
  /** Shortest quiet stretch that counts as a pause (default 0.3 s: longer than the gaps inside words). */
  minPauseSec?: number;
}

export interface PauseResult {
  pauses: Interval[];
  /** Frame level (dBFS) below which a frame counts as quiet. */
  thresholdDb: number;
}

const DB_FLOOR = -100;
const toDb = (meanSquare: number): number => Math.max(DB_FLOOR, 10 * Math.log10(meanSquare + 1e-12));

/** Level below which `fraction` of the frames lie, from a 0.5 dB histogram (one pass, no sort). */
function percentileDb(db: Float32Array, fraction: number): number {
  const bins = new Uint32Array(2 * -DB_FLOOR + 1);
  for (const v of db) bins[Math.min(bins.length - 1, Math.round((v - DB_FLOOR) * 2))]!++;
  const want = fraction * db.length;
  let seen = 0;
  for (let i = 0; i < bins.length; i++) {
    seen += bins[i]!;
    if (seen >= want) return DB_FLOOR + i / 2;
  }
  return 0;
}

/**
 * Pauses: runs of frames below a threshold set between the recording's own noise floor (10th
 * percentile) and its speech level (95th), so it adapts to quiet and noisy rooms alike.
 */
export function detectPauses(
  energy: Float32Array,
  durationSec: number,
  opts: PauseOptions = {},
): PauseResult {
  const minFrames = Math.round((opts.minPauseSec ?? 0.3) / FRAME_SEC);
  const db = new Float32Array(energy.length);
  for (let i = 0; i < energy.length; i++) db[i] = toDb(energy[i]!);
  const floor = percentileDb(db, 0.1);
  const loud = percentileDb(db, 0.95);
  const thresholdDb = floor + Math.max(6, 0.35 * (loud - floor));
  const pauses: Interval[] = [];
  let runStart = -1;
  for (let i = 0; i <= db.length; i++) {
    const quiet = i < db.length && db[i]! < thresholdDb;
    if (quiet && runStart < 0) runStart = i;
    if (!quiet && runStart >= 0) {
      if (i - runStart >= minFrames) {
        pauses.push({ start: runStart * FRAME_SEC, end: Math.min(durationSec, i * FRAME_SEC) });
      }
      runStart = -1;
    }
  }
  return { pauses, thresholdDb };
}

/** Share of [start, end) not covered by `pauses` (sorted, disjoint). */
export function activeRatio(pauses: Interval[], start: number, end: number): number {
  if (end <= start) return 0;
  let quiet = 0;
  for (const p of pauses) {
    if (p.end <= start) continue;
    if (p.start >= end) break;
    quiet += Math.min(end, p.end) - Math.max(start, p.start);
  }
  return Math.max(0, Math.min(1, 1 - quiet / (end - start)));
}
