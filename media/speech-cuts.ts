/**
 * Cut placement by speech. The energy detector is the fast first pass: its pauses propose where
 * each cut goes. The speech detector decides: it listens to every proposed cut's pause (a few
 * seconds of audio); where it hears a voice there, or the energy found nothing quiet within reach
 * (a music bed hides the pauses), it searches outward from the cut's ideal point for a stretch
 * with nobody speaking. The plan itself stays `planCuts` (pure, property-tested), fed with the
 * gaps known so far, until every cut lies in a gap the detector confirmed — one the energy
 * proposed, or the one nearest the ideal point — or its whole window was heard to hold none.
 */
import type { Interval } from './analysis.ts';
import {
  nextCutWindow,
  planCutsWithBounds,
  type CutWindow,
  type PlanOptions,
  type PlannedSegment,
} from './cut-plan.ts';
import { indexAt, mergeIntervals, SpeechMap } from './speech-map.ts';
import type { SpeechDetector } from './vad.ts';

/**
 * Margins around heard speech that no cut enters. Silero's onsets come up to 0.16 s late, and
 * the soft end of a turn under a loud bed can go unheard for up to 0.5 s (measured on espeak-ng
 * turns under music and hum 10 dB below the voices; the cut also keeps `planCuts`' 0.25 s inside
 * its gap).
 */
export const PAD_BEFORE_SEC = 0.2;
export const PAD_AFTER_SEC = 0.3;
/** Shorter stretches are not offered as places to cut. */
export const MIN_GAP_SEC = 0.1;
/**
 * A proposed cut is checked by listening to its whole energy pause and this much on either side
 * (so the speech around it is heard too), up to `VERIFY_SEC` either side of the cut.
 */
const EDGE_SEC = 0.5;
const VERIFY_SEC = 3;
/** After this many rounds, the stretch around a proposed cut grows fourfold each round. */
const VERIFY_ROUNDS = 2;
/** Radii searched around a cut's ideal point when nothing quiet is known within its window. */
const SEARCH_SEC = [8, 24, 72, Infinity];
/** A cut this close to its ideal point stands without searching nearer. */
const NEAR_IDEAL_SEC = 2;

export interface PlacementReport {
  segments: PlannedSegment[];
  /** Detector runs it took (1 when every cut the energy pauses proposed was confirmed at once). */
  rounds: number;
}

/**
 * Energy pauses not listened to yet, narrowed by the margins a confirmed gap keeps (so that a
 * proposal and its confirmation score alike in the plan), and stretches heard to hold no speech:
 * where a cut may go.
 */
function candidateGaps(pauses: Interval[], map: SpeechMap): Interval[] {
  const proposed = map
    .unscanned(pauses)
    .map((p) => ({ start: p.start + PAD_AFTER_SEC, end: p.end - PAD_BEFORE_SEC }))
    .filter((p) => p.end - p.start >= MIN_GAP_SEC);
  const verified = map.gaps(PAD_BEFORE_SEC, PAD_AFTER_SEC, MIN_GAP_SEC);
  return [...proposed, ...verified].sort((a, b) => a.start - b.start);
}

function within(lo: number, hi: number, from: number, to: number): Interval[] {
  const start = Math.max(lo, from);
  const end = Math.min(hi, to);
  return end > start ? [{ start, end }] : [];
}

/**
 * Unheard audio around the ideal point, nearest first (8, 24, 72 s, then the whole window), but no
 * farther than `limit`: a gap closer to the ideal point than the cut may hide there.
 */
function searchAround(win: CutWindow, map: SpeechMap, limit: number): Interval[] {
  for (const radius of SEARCH_SEC) {
    const r = Math.min(radius, limit);
    const parts = map.unscanned(within(win.lo, win.hi, win.ideal - r, win.ideal + r));
    if (parts.length) return parts;
    if (r === limit) break;
  }
  return [];
}

/**
 * What to listen to next for one cut (null: the plan wanted a cut but found no place for it).
 * Empty when the cut stands: it lies in a gap the detector confirmed and either the energy pauses
 * proposed it (the first pass was right there) or nothing unheard lies nearer the ideal point.
 */
function nextRegions(
  cut: number | null,
  win: CutWindow,
  pauses: Interval[],
  verified: Interval[],
  map: SpeechMap,
  round: number,
): Interval[] {
  if (cut === null) return searchAround(win, map, Infinity);
  const inPause = indexAt(pauses, cut);
  if (indexAt(verified, cut) >= 0) {
    const off = Math.abs(cut - win.ideal);
    return inPause >= 0 || off <= NEAR_IDEAL_SEC ? [] : searchAround(win, map, off);
  }
  if (inPause >= 0 && !map.isScanned(cut)) {
    const p = pauses[inPause]!;
    const r = VERIFY_SEC * 4 ** Math.max(0, round - VERIFY_ROUNDS + 1);
    return map.unscanned([
      { start: Math.max(0, p.start - EDGE_SEC, cut - r), end: Math.min(p.end + EDGE_SEC, cut + r) },
    ]);
  }
  return searchAround(win, map, Infinity);
}

/**
 * Plans the segments so that no cut falls where the detector hears speech, whenever the bounds
 * leave a stretch without speech to cut in. `map` collects everything heard (the speech ratios
 * reuse it).
 */
export async function placeCuts(
  durationSec: number,
  pauses: Interval[],
  detector: SpeechDetector,
  options: PlanOptions,
  map: SpeechMap,
  signal?: AbortSignal,
): Promise<PlacementReport> {
  for (let round = 0; ; round++) {
    const gaps = candidateGaps(pauses, map);
    // The bounds can be raised to fit a cap on the count: the windows follow the plan's own.
    const { segments, bounds } = planCutsWithBounds(durationSec, gaps, undefined, options);
    const verified = map.gaps(PAD_BEFORE_SEC, PAD_AFTER_SEC, MIN_GAP_SEC);
    const regions: Interval[] = [];
    for (let i = 0; i < segments.length; i++) {
      const win = nextCutWindow(segments[i]!.start, durationSec, bounds);
      if (!win) continue;
      const cut = i + 1 < segments.length ? segments[i]!.end : null;
      regions.push(...nextRegions(cut, win, pauses, verified, map, round));
    }
    if (!regions.length) return { segments, rounds: round };
    const merged = mergeIntervals(regions);
    map.add(merged, await detector.detect(merged, signal));
  }
}
