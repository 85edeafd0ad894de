/**
 * The decoded 16 kHz PCM, kept on disk for the speech detector. The decode pass streams it
 * through once; the detector later reads only the stretches where it decides something (around
 * cuts, samples of each segment), in any order. On disk rather than in memory: an hour is 115 MB
 * of s16le, more than the whole pipeline's memory budget.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { SAMPLE_RATE } from './analysis.ts';

/** Random access to the decoded timeline, as float samples -1..1. */
export interface PcmReader {
  /** Samples in the whole timeline. */
  readonly samples: number;
  /** Fills `out` from sample `start`; past the end (or before 0) it is zeros. */
  read(start: number, out: Float32Array): void;
}

interface Part {
  file: string;
  fd: number;
  bytes: number;
}

/**
 * One file per decoded part (the decode pass may run two ffmpeg processes at once); the timeline
 * is the parts in order, exactly as the frame statistics concatenate them.
 */
export class PcmSpool implements PcmReader {
  private readonly parts: Part[] = [];
  private writing = true;
  private scratch = Buffer.alloc(0);

  constructor(private readonly dir: string) {}

  /** The files this spool writes, relative to its directory (for clean-up lists). */
  static fileName(part: number): string {
    return `.speech-pcm-${part}.s16`;
  }

  /** A sink for part `index`'s raw s16le bytes, in order. Writes are synchronous: no buffering, no backpressure. */
  sink(index: number): (chunk: Buffer) => void {
    const file = path.join(this.dir, PcmSpool.fileName(index));
    const part: Part = { file, fd: openSync(file, 'w+'), bytes: 0 };
    this.parts[index] = part;
    return (chunk) => {
      if (!this.writing) throw new Error('PcmSpool: write after the decode ended');
      writeSync(part.fd, chunk, 0, chunk.length, part.bytes);
      part.bytes += chunk.length;
    };
  }

  /** Ends writing; from now on the spool is read. */
  seal(): PcmReader {
    this.writing = false;
    return this;
  }

  get samples(): number {
    return this.parts.reduce((n, p) => n + (p ? p.bytes >> 1 : 0), 0);
  }

  get seconds(): number {
    return this.samples / SAMPLE_RATE;
  }

  read(start: number, out: Float32Array): void {
    out.fill(0);
    let at = 0; // first sample of the current part in the timeline
    for (const p of this.parts) {
      if (!p) continue;
      const n = p.bytes >> 1;
      const from = Math.max(start, at);
      const to = Math.min(start + out.length, at + n);
      if (to > from) {
        const bytes = (to - from) * 2;
        // Buffer.alloc is never pooled, so its offset is 0 and an Int16Array view is aligned.
        if (this.scratch.length < bytes) this.scratch = Buffer.alloc(bytes);
        readSync(p.fd, this.scratch, 0, bytes, (from - at) * 2);
        const pcm = new Int16Array(this.scratch.buffer, this.scratch.byteOffset, to - from);
        for (let i = 0; i < pcm.length; i++) out[from - start + i] = pcm[i]! / 32768;
      }
      at += n;
    }
  }

  /** Closes and deletes the files. Safe to call more than once. */
  remove(): void {
    for (const p of this.parts.splice(0)) {
      if (!p) continue;
      try {
        closeSync(p.fd);
      } catch {
        // already closed
      }
      rmSync(p.file, { force: true });
    }
  }
}
