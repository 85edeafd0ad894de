/**
 * What the speech detector has listened to so far and what it heard there. The detector runs on
 * parts of a recording only; this map is the one record of which parts, so every later decision
 * (is this cut safe, is this segment silent) asks it instead of guessing.
 */
import type { Interval } from './analysis.ts';

/** Sorted, merged union (touching intervals join). */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end + 1e-9) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** Seconds covered by sorted, disjoint intervals. */
export const totalSec = (list: Interval[]): number => list.reduce((t, i) => t + (i.end - i.start), 0);

/** `a` minus `b`, both sorted and disjoint. */
export function subtract(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const x of a) {
    let start = x.start;
    while (j < b.length && b[j]!.end <= start) j++;
    for (let k = j; k < b.length && b[k]!.start < x.end; k++) {
      if (b[k]!.start > start) out.push({ start, end: b[k]!.start });
      start = Math.max(start, b[k]!.end);
    }
    if (start < x.end) out.push({ start, end: x.end });
  }
  return out;
}

/** `a` ∩ `b`, both sorted and disjoint. */
export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]!.start, b[j]!.start);
    const end = Math.min(a[i]!.end, b[j]!.end);
    if (end > start) out.push({ start, end });
    if (a[i]!.end < b[j]!.end) i++;
    else j++;
  }
  return out;
}

/** Index of the interval holding `t` (ends included), or -1. Binary search over sorted, disjoint intervals. */
export function indexAt(list: Interval[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.end < t) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length && list[lo]!.start <= t ? lo : -1;
}

export class SpeechMap {
  private scannedList: Interval[] = [];
  private speechList: Interval[] = [];

  /** Stretches the detector has run over (sorted, disjoint). */
  get scanned(): readonly Interval[] {
    return this.scannedList;
  }

  /** Speech it heard in them (sorted, disjoint, inside `scanned`). */
  get speech(): readonly Interval[] {
    return this.speechList;
  }

  /** Records a detector run: `regions` were listened to, `heard[i]` is the speech in regions[i]. */
  add(regions: Interval[], heard: Interval[][]): void {
    this.scannedList = mergeIntervals([...this.scannedList, ...regions]);
    this.speechList = mergeIntervals([...this.speechList, ...heard.flat()]);
  }

  /** The parts of `parts` (sorted, disjoint) not listened to yet. */
  unscanned(parts: Interval[]): Interval[] {
    return subtract(parts, this.scannedList);
  }

  isScanned(t: number): boolean {
    return indexAt(this.scannedList, t) >= 0;
  }

  /** Seconds listened to, and seconds of speech heard, inside `parts` (sorted, disjoint). */
  coverage(parts: Interval[]): { scannedSec: number; speechSec: number } {
    return {
      scannedSec: totalSec(intersect(this.scannedList, parts)),
      speechSec: totalSec(intersect(this.speechList, parts)),
    };
  }

  /**
   * Stretches heard to hold no speech, at least `minSec` long, with a margin kept: speech is widened
   * by `before`/`after`, and so is the unknown beyond each listened stretch (speech may start just
   * after it or end just before it).
   */
  gaps(before: number, after: number, minSec: number): Interval[] {
    const trusted = this.scannedList
      .map((s) => ({ start: s.start + after, end: s.end - before }))
      .filter((s) => s.end > s.start);
    const widened = mergeIntervals(
      this.speechList.map((s) => ({ start: s.start - before, end: s.end + after })),
    );
    return subtract(trusted, widened).filter((g) => g.end - g.start >= minSec);
  }
}
