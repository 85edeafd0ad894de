/** Turns server peaks into what wavesurfer draws. */
import type { Peaks } from '../types.ts';

/**
 * The server may send 8- or 16-bit integer peaks to keep the JSON small; wavesurfer wants
 * floats in -1..1. Integer peaks are scaled by their own maximum, which also normalises quiet
 * recordings so the waveform is readable.
 */
export function toFloatPeaks(peaks: number[]): Float32Array {
  let max = 0;
  for (const p of peaks) {
    const a = Math.abs(p);
    if (a > max) max = a;
  }
  const scale = max > 1 ? 1 / max : 1;
  const out = new Float32Array(peaks.length);
  for (let i = 0; i < peaks.length; i++) out[i] = peaks[i] * scale;
  return out;
}

/** Duration from the payload, or derived from the peak count when the server left it out. */
export function peaksDuration(p: Peaks): number {
  if (typeof p.duration === 'number' && p.duration > 0) return p.duration;
  return p.sampleRate > 0 ? (p.peaks.length * p.samplesPerPeak) / p.sampleRate : 0;
}
