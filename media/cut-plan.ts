/**
 * The cut plan: where a recording is split into segments. Pure, so it can be property-tested.
 *
 * Guarantees: the segments' own parts tile [0, duration) exactly; every segment is at most
 * `maxSec` long and, when the bounds allow it (maxSec ≥ 2·minSec, duration ≥ minSec), at least
 * `minSec`; every cut lies inside a pause whenever a pause exists where the bounds allow a cut;
 * never more than `maxSegments` segments (bounds that would make more are raised to fit).
 */
import type { Interval } from './analysis.ts';

export interface CutOptions {
  /** Preferred segment length in seconds (default 120). */
  targetSec: number;
  /** Shortest segment (default: a quarter of the target; the last may be shorter only when the bounds leave no choice). */
  minSec: number;
  /** Longest segment (default: twice the target), a hard bound. */
  maxSec: number;
  /** Audio carried on either side of a segment's own part (default 3). */
  contextSec: number;
}

/** What planCuts is given: bounds (filled in by resolveCutOptions), and a cap on the count. */
export interface PlanOptions extends Partial<CutOptions> {
  /**
   * Most segments one recording may become (unlimited when not given). Where the bounds would
   * make more, they are raised for that recording: a 3-hour recording asked for in 10 s segments
   * under a cap of 500 gets segments of 22 s or more rather than 1,080 of 10 s.
   */
  maxSegments?: number;
}

export interface PlannedSegment {
  start: number;
  end: number;
  contextStart: number;
  contextEnd: number;
}

/** Preferred segment length when none is given; also the server's SEGMENT_SECONDS default. */
export const DEFAULT_TARGET_SEC = 120;
/** Seconds of audio before and after a segment's own part, so a word cut at the seam is heard whole. */
const DEFAULT_CONTEXT_SEC = 3;

export type SegmentBounds = Pick<CutOptions, 'targetSec' | 'minSec' | 'maxSec'>;

/** Bounds someone chose (an organisation's settings, the command line); null or absent: not chosen. */
export interface ChosenBounds {
  minSec?: number | null;
  maxSec?: number | null;
}

/** A quarter of the target, in whole seconds once the target allows it. */
function defaultMin(targetSec: number): number {
  const quarter = targetSec / 4;
  return quarter >= 1 ? Math.round(quarter) : quarter;
}

/**
 * The cut-bounds rule, for the server and the ingest command alike: a segment is at least a
 * quarter of the target (whole seconds) and at most twice it, unless `chosen` says otherwise.
 * A chosen bound on the wrong side of the target yields to the target: an organisation's minimum
 * and maximum apply to every recording, whatever target that recording asked for.
 */
export function boundsFor(targetSec: number, chosen: ChosenBounds = {}): SegmentBounds {
  return {
    targetSec,
    minSec: Math.min(chosen.minSec ?? defaultMin(targetSec), targetSec),
    maxSec: Math.max(chosen.maxSec ?? 2 * targetSec, targetSec),
  };
}

/** Whether chosen bounds keep min ≤ target ≤ max (a bound not chosen always does). */
export function boundsInOrder(targetSec: number, chosen: ChosenBounds): boolean {
  return (chosen.minSec ?? -Infinity) <= targetSec && targetSec <= (chosen.maxSec ?? Infinity);
}

/**
 * Fills in what is not given (target 120 s, bounds by `boundsFor`, context 3 s) and checks
 * 0 < min ≤ target ≤ max; throws RangeError naming the bad bound. Bounds given here are taken as
 * they are: contradicting ones are an error, not something to correct silently.
 */
export function resolveCutOptions(o: Partial<CutOptions> = {}): CutOptions {
  const targetSec = o.targetSec ?? DEFAULT_TARGET_SEC;
  const defaults = boundsFor(targetSec);
  const minSec = o.minSec ?? defaults.minSec;
  const maxSec = o.maxSec ?? defaults.maxSec;
  const contextSec = o.contextSec ?? DEFAULT_CONTEXT_SEC;
  for (const [name, v] of Object.entries({ targetSec, minSec, maxSec, contextSec })) {
    if (!Number.isFinite(v) || v < 0)
      throw new RangeError(`${name} must be a non-negative number of seconds; it is ${v}.`);
  }
  if (!(minSec > 0 && boundsInOrder(targetSec, { minSec, maxSec }))) {
    throw new RangeError(
      `Segment bounds must satisfy 0 < min ≤ target ≤ max; they are ${minSec}, ${targetSec}, ${maxSec}.`,
    );
  }
  return { targetSec, minSec, maxSec, contextSec };
}

/** The cap on the count, Infinity when none; throws RangeError unless a whole number ≥ 1. */
function segmentCap(maxSegments: number | undefined): number {
  if (maxSegments === undefined) return Infinity;
  if (!(Number.isInteger(maxSegments) && maxSegments >= 1))
    throw new RangeError(`maxSegments must be a whole number of at least 1; it is ${maxSegments}.`);
  return maxSegments;
}

/**
 * The bounds raised, when needed, so that a recording of `durationSec` becomes at most
 * `maxSegments` segments. Every segment but the last is at least `minSec` long and ends before
 * the recording does, so (count − 1) · min < duration: a minimum of duration / cap keeps the count
 * within the cap. The target rises with it (a smaller one cannot be met), and the maximum stays at
 * least twice the minimum so that cuts can still look for pauses.
 */
function fitToSegmentCap(durationSec: number, o: CutOptions, maxSegments: number): CutOptions {
  const need = msUp(durationSec / maxSegments);
  if (o.minSec >= need) return o;
  const minSec = need;
  const targetSec = Math.max(o.targetSec, minSec);
  return { ...o, minSec, targetSec, maxSec: Math.max(o.maxSec, targetSec, 2 * minSec) };
}

const ms = (x: number): number => Math.round(x * 1000) / 1000;
// The epsilon keeps float noise (30000.000000000004) from moving a bound by a whole millisecond.
const msUp = (x: number): number => Math.ceil(x * 1000 - 1e-6) / 1000;
const msDown = (x: number): number => Math.floor(x * 1000 + 1e-6) / 1000;
/** Longer pauses are better places to cut, but beyond this length all are equally good. */
const PAUSE_CREDIT_CAP_SEC = 2;
/** Weight of the distance from the preferred cut, per window width, against pause length in seconds. */
const DISTANCE_WEIGHT = 4;

interface Candidate {
  at: number;
  score: number;
}

/** Best cut inside one of `gaps` within [lo, hi], preferring long gaps near `t`. */
function bestInGaps(gaps: Interval[], lo: number, hi: number, t: number): number | null {
  let best: Candidate | null = null;
  for (const g of gaps) {
    if (g.end <= lo) continue;
    if (g.start >= hi) break;
    const a = Math.max(lo, g.start);
    const b = Math.min(hi, g.end);
    if (b <= a) continue;
    const len = g.end - g.start;
    const margin = Math.min((b - a) / 2, 0.25);
    const at = Math.min(Math.max(t, a + margin), b - margin);
    const score =
      Math.min(len, PAUSE_CREDIT_CAP_SEC) - (DISTANCE_WEIGHT * Math.abs(at - t)) / Math.max(1, hi - lo);
    if (!best || score > best.score) best = { at, score };
  }
  return best?.at ?? null;
}

/** Stretches of [0, duration) not covered by `speech` (sorted), for cutting where no pause exists. */
function complement(speech: Interval[], durationSec: number): Interval[] {
  const gaps: Interval[] = [];
  let at = 0;
  for (const s of speech) {
    if (s.start > at) gaps.push({ start: at, end: Math.min(s.start, durationSec) });
    at = Math.max(at, s.end);
  }
  if (at < durationSec) gaps.push({ start: at, end: durationSec });
  return gaps;
}

/** Where the cut after `prev` may go, and where it would ideally go. */
export interface CutWindow {
  lo: number;
  hi: number;
  /** The point that splits the rest evenly into the number of segments the target asks for. */
  ideal: number;
  /** The rest is longer than the maximum: a cut is needed here even where nothing is quiet. */
  required: boolean;
}

/**
 * The bounds rule for one cut: the window [prev+min, min(prev+max, duration−min)] and its ideal
 * point; null when the rest of the recording is best left as one segment.
 */
export function nextCutWindow(prev: number, durationSec: number, o: CutOptions): CutWindow | null {
  const { targetSec, minSec, maxSec } = o;
  const rest = durationSec - prev;
  // How many segments the rest would ideally become, within what the bounds allow.
  const fewest = Math.ceil(rest / maxSec);
  const most = Math.max(fewest, Math.floor(rest / minSec));
  const n = Math.min(most, Math.max(fewest, Math.round(rest / targetSec)));
  if (n <= 1 && rest <= maxSec) return null;
  const lo = msUp(prev + minSec);
  let hi = msDown(Math.min(prev + maxSec, durationSec - minSec));
  if (hi < lo) hi = msDown(prev + maxSec); // max < 2·min: the hard bound wins
  return { lo, hi, ideal: prev + rest / n, required: rest > maxSec };
}

/**
 * Plans the segments of a recording. `pauses` (sorted, disjoint) are where cuts belong; `speech`
 * (optional) lets a cut fall in sound that is not speech when no pause is within reach. Without
 * either, a cut goes at the longest allowed length, so no more cuts than necessary fall in speech.
 */
export function planCuts(
  durationSec: number,
  pauses: Interval[],
  speech: Interval[] | undefined,
  options: PlanOptions = {},
): PlannedSegment[] {
  return planCutsWithBounds(durationSec, pauses, speech, options).segments;
}

/** planCuts, also saying which bounds it cut within (raised to fit the segment cap, or as given). */
export function planCutsWithBounds(
  durationSec: number,
  pauses: Interval[],
  speech: Interval[] | undefined,
  options: PlanOptions = {},
): { segments: PlannedSegment[]; bounds: CutOptions } {
  const resolved = resolveCutOptions(options);
  const maxSegments = segmentCap(options.maxSegments);
  if (!(durationSec > 0)) return { segments: [], bounds: resolved };
  const plan = cutWithin(durationSec, pauses, speech, resolved);
  // Bounds that fit the cap change where cuts may go, so they are used only when needed.
  if (plan.length <= maxSegments) return { segments: plan, bounds: resolved };
  const fitted = fitToSegmentCap(durationSec, resolved, maxSegments);
  return { segments: cutWithin(durationSec, pauses, speech, fitted), bounds: fitted };
}

function cutWithin(
  durationSec: number,
  pauses: Interval[],
  speech: Interval[] | undefined,
  opts: CutOptions,
): PlannedSegment[] {
  const { contextSec } = opts;
  const nonSpeech = speech ? complement(speech, durationSec) : null;
  const cuts: number[] = [0];
  for (;;) {
    const prev = cuts.at(-1)!;
    const w = nextCutWindow(prev, durationSec, opts);
    if (!w) break;
    let at =
      bestInGaps(pauses, w.lo, w.hi, w.ideal) ??
      (nonSpeech ? bestInGaps(nonSpeech, w.lo, w.hi, w.ideal) : null);
    if (at === null) {
      // Nowhere quiet: only cut when the rest is too long, and then as late as allowed.
      if (!w.required) break;
      at = w.hi;
    }
    const cut = Math.min(w.hi, Math.max(w.lo, ms(at)));
    if (!(cut > prev && cut < durationSec)) break;
    cuts.push(cut);
  }
  cuts.push(durationSec);
  const segments: PlannedSegment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    segments.push({
      start,
      end,
      contextStart: start - contextSec <= 0 ? 0 : ms(start - contextSec),
      contextEnd: end + contextSec >= durationSec ? durationSec : ms(end + contextSec),
    });
  }
  return segments;
}
