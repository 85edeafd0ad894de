/**
 * What a segment holds: the share of it that is speech, and the classifier's top labels.
 * Pure functions over the pauses and the per-window classifier results.
 */
import { activeRatio, type Interval } from './analysis.ts';
import { WINDOW_SEC, type WindowResult } from './yamnet.ts';

export interface SegmentAnalysis {
  /** Share of the segment's own part that is speech (0..1). */
  speechRatio: number;
  /** Classifier labels averaged over the segment, best first (empty when the classifier is off). */
  labels: { name: string; score: number }[];
}

/** A window whose speech classes sum to at least this counts as speech. */
const SPEECH_SCORE = 0.4;
const TOP_LABELS = 3;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Stretches the classifier heard speech in, merged across adjacent windows. */
export function speechIntervals(windows: WindowResult[]): Interval[] {
  const out: Interval[] = [];
  for (const w of windows) {
    if (w.speech < SPEECH_SCORE) continue;
    const last = out.at(-1);
    if (last && w.t - last.end < 1e-6) last.end = w.t + WINDOW_SEC;
    else out.push({ start: w.t, end: w.t + WINDOW_SEC });
  }
  return out;
}

function overlapping(windows: WindowResult[], start: number, end: number): WindowResult[] {
  // Windows are in time order: binary-search the first one that reaches past `start`.
  let lo = 0;
  let hi = windows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (windows[mid]!.t + WINDOW_SEC <= start) lo = mid + 1;
    else hi = mid;
  }
  const out: WindowResult[] = [];
  for (let i = lo; i < windows.length && windows[i]!.t < end; i++) out.push(windows[i]!);
  return out;
}

export function analyseSegment(
  start: number,
  end: number,
  pauses: Interval[],
  windows: WindowResult[] | null,
): SegmentAnalysis {
  const length = end - start;
  if (!windows) return { speechRatio: round3(activeRatio(pauses, start, end)), labels: [] };
  let speech = 0;
  const totals = new Map<string, number>();
  let covered = 0;
  for (const w of overlapping(windows, start, end)) {
    const a = Math.max(start, w.t);
    const b = Math.min(end, w.t + WINDOW_SEC);
    if (b <= a) continue;
    covered += b - a;
    // Speech needs both: the classifier hears voices, and the frames are not a pause.
    if (w.speech >= SPEECH_SCORE) speech += (b - a) * activeRatio(pauses, a, b);
    for (const l of w.top) totals.set(l.name, (totals.get(l.name) ?? 0) + l.score * (b - a));
  }
  const labels = [...totals]
    .map(([name, sum]) => ({ name, score: round3(sum / Math.max(covered, 1e-9)) }))
    .filter((l) => l.score >= 0.01)
    .sort((x, y) => y.score - x.score)
    .slice(0, TOP_LABELS);
  return { speechRatio: round3(length > 0 ? Math.min(1, speech / length) : 0), labels };
}
