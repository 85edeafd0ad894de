/**
 * Waveform peaks in the shape wavesurfer.js 8 takes: absolute maxima 0..1 for one channel,
 * which it mirrors (`peaks: [file.peaks], duration: file.duration`).
 */
import { FRAME, SAMPLE_RATE } from './analysis.ts';

export interface PeaksFile {
  sampleRate: number;
  samplesPerPeak: number;
  /** Seconds the peaks cover. */
  duration: number;
  peaks: number[];
}

/** Overview values for a 2-hour recording stay under ~50k (about 250 KB of JSON). */
const OVERVIEW_MAX_PEAKS = 50_000;
/** Segment peaks: 10 ms each, fine enough to place a cursor on a syllable. */
export const SEGMENT_FRAMES_PER_PEAK = 1;
/** Overviews are never finer than 20 ms per value: nobody zooms further on a whole recording. */
const OVERVIEW_MIN_FRAMES_PER_PEAK = 2;

export function overviewFramesPerPeak(frames: number): number {
  return Math.max(OVERVIEW_MIN_FRAMES_PER_PEAK, Math.ceil(frames / OVERVIEW_MAX_PEAKS));
}

/** Peaks for frames [fromFrame, toFrame) of the per-frame maxima, `framesPerPeak` frames each. */
export function peaksFromFrames(
  framePeak: Float32Array,
  fromFrame: number,
  toFrame: number,
  framesPerPeak: number,
): PeaksFile {
  const from = Math.max(0, fromFrame);
  const to = Math.min(framePeak.length, toFrame);
  const peaks: number[] = [];
  for (let i = from; i < to; i += framesPerPeak) {
    let max = 0;
    for (let j = i; j < Math.min(to, i + framesPerPeak); j++) if (framePeak[j]! > max) max = framePeak[j]!;
    peaks.push(Math.round(max * 100) / 100);
  }
  return {
    sampleRate: SAMPLE_RATE,
    samplesPerPeak: framesPerPeak * FRAME,
    duration: Math.round(((to - from) * FRAME * 1000) / SAMPLE_RATE) / 1000,
    peaks,
  };
}
