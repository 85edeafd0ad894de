/**
 * What a segment holds: the share of it that is speech (from the speech detector, see
 * ./speech-ratio.ts) and the classifier's top labels (music, laughter, applause…) from a few
 * YAMNet windows spread over it.
 */
import type { Interval } from './analysis.ts';
import { WINDOW_SEC, type WindowResult } from './yamnet.ts';

export interface SegmentAnalysis {
  /** Share of the segment's own part that is speech (0..1). */
  speechRatio: number;
  /** Classifier labels averaged over the segment, best first (empty when the classifier is off). */
  labels: { name: string; score: number }[];
}

const TOP_LABELS = 3;
/**
 * Windows the classifier hears per segment: one per this many seconds, at least MIN and at most
 * MAX. Labels are a segment's character, not an event log, so a handful of windows tell it: an
 * hour in 2-minute segments costs 120 windows (~1–2 s here with the classifier's start-up) instead
 * of 3,700 (~10 s, which was 2.4× the rest of the ingest).
 */
const LABEL_WINDOW_EVERY_SEC = 30;
const MIN_LABEL_WINDOWS = 3;
const MAX_LABEL_WINDOWS = 6;

/** Start times of the windows to classify: evenly spread over each segment, whole windows inside it when it is long enough. */
export function labelWindowStarts(segments: Interval[]): number[] {
  const starts: number[] = [];
  for (const s of segments) {
    const room = Math.max(0, s.end - s.start - WINDOW_SEC);
    const n = Math.min(
      MAX_LABEL_WINDOWS,
      Math.max(MIN_LABEL_WINDOWS, Math.round((s.end - s.start) / LABEL_WINDOW_EVERY_SEC)),
    );
    for (let k = 0; k < n; k++) starts.push(s.start + (room * (k + 0.5)) / n);
  }
  return starts;
}
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

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

/** The classifier's labels over [start, end), weighted by how much of each window lies inside. */
export function segmentLabels(
  windows: WindowResult[],
  start: number,
  end: number,
): SegmentAnalysis['labels'] {
  const totals = new Map<string, number>();
  let covered = 0;
  for (const w of overlapping(windows, start, end)) {
    const inside = Math.min(end, w.t + WINDOW_SEC) - Math.max(start, w.t);
    if (inside <= 0) continue;
    covered += inside;
    for (const l of w.top) totals.set(l.name, (totals.get(l.name) ?? 0) + l.score * inside);
  }
  return [...totals]
    .map(([name, sum]) => ({ name, score: round3(sum / Math.max(covered, 1e-9)) }))
    .filter((l) => l.score >= 0.01)
    .sort((x, y) => y.score - x.score)
    .slice(0, TOP_LABELS);
}
