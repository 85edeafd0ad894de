/**
 * Pure rules that turn a recording's draft words into per-segment drafts: which segment a word
 * belongs to, whose name a speaker label is, how good a draft is, and the turns it becomes.
 */
import type { Turn } from '../domain.ts';
import type { DraftWord, SpeakerSpan } from './types.ts';

/** Tags and fillers: what a draft without confidences holds instead of words when it is poor. */
const FILLER = /^(?:\[[^\]]*\]|\([^)]*\)|u+h+m*|u+m+|e+r+m*|h+m+|m+h*m+|a+h+|e+h+|o+h+)[.,!?]*$/i;

export function isTagOrFiller(text: string): boolean {
  return FILLER.test(text.trim());
}

/**
 * How usable a draft is (0..1): the mean word confidence where the tool gave any; otherwise the
 * share of its words that are words (not tags or fillers). No words: 0.
 */
export function draftQuality(words: readonly DraftWord[]): number {
  if (words.length === 0) return 0;
  const known = words.filter((w) => w.confidence !== undefined);
  const q =
    known.length > 0
      ? known.reduce((n, w) => n + (w.confidence ?? 0), 0) / known.length
      : words.filter((w) => !isTagOrFiller(w.text)).length / words.length;
  return Math.round(q * 1000) / 1000;
}

export interface Part {
  start: number;
  end: number;
}

/**
 * The index of the part whose own span holds `t` ([start, end); the last part also holds its end),
 * or -1. `parts` tile the recording in order, so a binary search finds it.
 */
export function partAt(parts: readonly Part[], t: number): number {
  let lo = 0;
  let hi = parts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t < parts[mid].start) hi = mid - 1;
    else if (t >= parts[mid].end && !(mid === parts.length - 1 && t === parts[mid].end)) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Words grouped by the part whose own span holds their midpoint. */
export function byPart<W extends DraftWord>(words: readonly W[], parts: readonly Part[]): W[][] {
  const out: W[][] = parts.map(() => []);
  for (const w of words) {
    const i = partAt(parts, (w.start + w.end) / 2);
    if (i >= 0) out[i].push(w);
  }
  return out;
}

const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();

/**
 * Speaker labels that name one of the recording's participants (case and accents aside) become
 * that participant's name as written at upload; other labels ("SPEAKER_00", "A") stay the tool's,
 * for the reviewer's speaker map.
 */
export function speakerNames(labels: Iterable<string>, participants: readonly string[]): Map<string, string> {
  const byFold = new Map(participants.map((p) => [fold(p), p]));
  const out = new Map<string, string>();
  for (const l of labels) out.set(l, byFold.get(fold(l)) ?? l);
  return out;
}

/** Gives each word the speaker of the span that holds its midpoint (RTTM over a draft's words). */
export function labelBySpans<W extends DraftWord>(words: readonly W[], spans: readonly SpeakerSpan[]): W[] {
  return words.map((w) => {
    const mid = (w.start + w.end) / 2;
    const span = spans.find((s) => s.start <= mid && mid < s.end);
    return span ? { ...w, speaker: span.speaker } : w;
  });
}

/** Words joined as text: punctuation a tool lists as its own token sticks to the word before. */
export function joinWords(words: readonly Pick<DraftWord, 'text'>[]): string {
  let out = '';
  for (const w of words) {
    const t = w.text.trim();
    if (!t) continue;
    out += out && !/^[.,!?;:…%)\]}]/.test(t) ? ` ${t}` : t;
  }
  return out;
}

/**
 * A segment's first turns from its draft: consecutive words of one speaker form a turn, starting at
 * its first word (never before the segment's own start, where the previous segment's speech lies).
 */
export function draftTurns(words: readonly DraftWord[], own: Part): Turn[] {
  const turns: Turn[] = [];
  let current: DraftWord[] = [];
  const flush = (): void => {
    if (current.length === 0) return;
    const start = Math.min(Math.max(current[0].start, own.start), own.end);
    turns.push({
      speaker: current[0].speaker ?? '',
      start: Math.round(start * 1000) / 1000,
      text: joinWords(current),
    });
    current = [];
  };
  for (const w of words) {
    if (current.length > 0 && (w.speaker ?? '') !== (current[0].speaker ?? '')) flush();
    current.push(w);
  }
  flush();
  return turns.filter((t) => t.text);
}

/** Speaker spans as empty turns (RTTM alone: the transcriber types into the right speakers' turns). */
export function spanTurns(spans: readonly SpeakerSpan[], own: Part): Turn[] {
  const turns: Turn[] = [];
  for (const s of spans) {
    const start = Math.max(s.start, own.start);
    if (start >= own.end || s.end <= own.start) continue;
    if (turns.at(-1)?.speaker === s.speaker) continue;
    turns.push({ speaker: s.speaker, start: Math.round(start * 1000) / 1000, text: '' });
  }
  return turns;
}
