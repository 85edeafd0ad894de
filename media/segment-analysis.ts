/**
 * What a segment holds: the share of it that is speech (from the speech detector, see
 * ./speech-ratio.ts) and the classifier's top labels (music, laughter, applause…) from the
 * YAMNet windows sampled inside it.
 */
import { WINDOW_SEC, type WindowResult } from './yamnet.ts';

export interface SegmentAnalysis {
  /** Share of the segment's own part that is speech (0..1). */
  speechRatio: number;
  /** Classifier labels averaged over the segment, best first (empty when the classifier is off). */
  labels: { name: string; score: number }[];
}

const TOP_LABELS = 3;
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
