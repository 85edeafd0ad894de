/**
 * How much of each segment is speech, from the speech detector (energy alone cannot tell a voice
 * from music). Quiet stretches (the energy pauses) need no listening: nobody speaks there. Of the
 * rest, a sample is listened to and the share of speech in it stands for the whole; a segment
 * where the sample hears little or nothing is listened to in full, so a segment of music alone is
 * measured as none and a few words over music are not missed.
 */
import type { Interval } from './analysis.ts';
import { intersect, mergeIntervals, subtract, totalSec, type SpeechMap } from './speech-map.ts';
import type { SpeechDetector } from './vad.ts';

/** Length of one sampled stretch. */
const PROBE_SEC = 3;
/** Share of a segment's sound listened to at first (at least MIN_PROBES stretches). */
const PROBE_SHARE = 0.08;
const MIN_PROBES = 3;
/** Below this estimated ratio the segment is listened to in full: near zero, only a full listen can say none. */
export const EXACT_BELOW = 0.05;
/** A segment with less sound than this (seconds) above the quiet threshold has no speech to find. */
const MIN_SOUND_SEC = 0.05;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The point `x` seconds into the concatenation of `parts`. */
function pointAt(parts: Interval[], x: number): number {
  let left = x;
  for (const p of parts) {
    if (left <= p.end - p.start) return p.start + left;
    left -= p.end - p.start;
  }
  return parts.at(-1)!.end;
}

/** Evenly spread stretches over `sound` (the segment's non-quiet parts). */
function probes(sound: Interval[], soundSec: number): Interval[] {
  const n = Math.max(MIN_PROBES, Math.ceil((soundSec * PROBE_SHARE) / PROBE_SEC));
  const out: Interval[] = [];
  for (let k = 0; k < n; k++) {
    const c = pointAt(sound, ((k + 0.5) / n) * soundSec);
    out.push({ start: c - PROBE_SEC / 2, end: c + PROBE_SEC / 2 });
  }
  return out;
}

/**
 * Speech ratio (0..1, 3 decimals) of each segment's own part [start, end). `pauses` are the
 * energy pauses; `map` holds what the detector already heard (around the cuts) and gains the rest.
 */
export async function speechRatios(
  segments: Interval[],
  pauses: Interval[],
  detector: SpeechDetector,
  map: SpeechMap,
  signal?: AbortSignal,
): Promise<number[]> {
  const sound = segments.map((s) => subtract([s], pauses));
  const listen = async (perSegment: Interval[][]): Promise<void> => {
    const regions = perSegment.flat().sort((a, b) => a.start - b.start);
    if (regions.length) map.add(regions, await detector.detect(regions, signal));
  };
  const ratio = (i: number): number => {
    const s = segments[i]!;
    const soundSec = totalSec(sound[i]!);
    const { scannedSec, speechSec } = map.coverage(sound[i]!);
    if (soundSec < MIN_SOUND_SEC || scannedSec <= 0) return 0;
    return Math.min(1, ((soundSec / (s.end - s.start)) * speechSec) / scannedSec);
  };
  // First pass: a sample of each segment's sound, all segments in one detector run.
  await listen(
    sound.map((parts) => {
      const sec = totalSec(parts);
      if (sec < MIN_SOUND_SEC) return [];
      // Probes are kept inside the segment's sound; what was already heard is not heard again.
      return map.unscanned(intersect(parts, mergeIntervals(probes(parts, sec))));
    }),
  );
  // Second pass: the whole of every segment whose sample heard (almost) nobody.
  await listen(
    sound.map((parts, i) =>
      totalSec(parts) >= MIN_SOUND_SEC && ratio(i) < EXACT_BELOW ? map.unscanned(parts) : [],
    ),
  );
  return segments.map((_, i) => round3(ratio(i)));
}
