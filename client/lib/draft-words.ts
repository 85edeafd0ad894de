/**
 * The machine draft's words inside the turns a transcriber edits. The turns are plain text; each
 * whitespace-separated token of it that is still the draft's word (same text, in the same order)
 * keeps that word's time and confidence, so it can be marked, highlighted while it plays and
 * clicked to seek. A token the transcriber changed is their own: no time, no mark.
 */
import type { DraftWord, Turn } from '../types.ts';

/** Draft words whose confidence is below this are marked for checking. */
export const MARK_BELOW = 0.6;

export interface WordSpan {
  /** Character offsets in the turn's text. */
  from: number;
  to: number;
  /** The draft word this token still is, or null once edited (or never from the draft). */
  word: DraftWord | null;
  marked: boolean;
}

/** Draft words as the turns show them: punctuation a tool lists as its own token joins the word before. */
export function draftTokens(words: readonly DraftWord[]): DraftWord[] {
  const out: DraftWord[] = [];
  for (const w of words) {
    const t = w.text.trim();
    if (!t) continue;
    const prev = out.at(-1);
    if (prev && /^[.,!?;:…%)\]}]/.test(t)) {
      const c = [prev.confidence, w.confidence].filter((x): x is number => x !== undefined);
      out[out.length - 1] = {
        ...prev,
        text: prev.text + t,
        end: Math.max(prev.end, w.end),
        ...(c.length ? { confidence: Math.min(...c) } : {}),
      };
    } else out.push({ ...w, text: t });
  }
  return out;
}

/** Pairs [i, j] of a longest common subsequence of two token lists (equal text). */
function commonPairs(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  const cols = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * cols);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * cols + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * cols + j + 1] + 1
          : Math.max(lcs[(i + 1) * cols + j], lcs[i * cols + j + 1]);
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (lcs[(i + 1) * cols + j] >= lcs[i * cols + j + 1]) i++;
    else j++;
  }
  return pairs;
}

/**
 * Each turn's tokens with the draft word each still is. Aligned over the whole segment, so splitting
 * or merging turns keeps the words' times. Past a few thousand tokens (never one segment) it gives up
 * on alignment rather than stall typing.
 */
export function alignTurns(
  turns: readonly Turn[],
  words: readonly DraftWord[],
  markBelow = MARK_BELOW,
): WordSpan[][] {
  const draft = draftTokens(words);
  const spans = turns.map((t) =>
    [...t.text.matchAll(/\S+/g)].map((m) => ({
      from: m.index,
      to: m.index + m[0].length,
      word: null as DraftWord | null,
      marked: false,
    })),
  );
  if (draft.length === 0) return spans;
  const flat = spans.flatMap((s, ti) =>
    s.map((span) => ({ span, text: turns[ti].text.slice(span.from, span.to) })),
  );
  if (flat.length * draft.length > 4_000_000) return spans;
  for (const [i, j] of commonPairs(
    draft.map((w) => w.text),
    flat.map((f) => f.text),
  )) {
    const span = flat[j].span;
    span.word = draft[i];
    span.marked = draft[i].confidence !== undefined && draft[i].confidence < markBelow;
  }
  return spans;
}

/** The next (or, with `back`, previous) marked word from a caret at `offset` in turn `turn`. */
export function nextMarked(
  spans: readonly WordSpan[][],
  turn: number,
  offset: number,
  back = false,
): { turn: number; span: WordSpan } | null {
  const all = spans.flatMap((list, t) => list.filter((s) => s.marked).map((span) => ({ turn: t, span })));
  if (back) {
    for (let k = all.length - 1; k >= 0; k--) {
      const m = all[k];
      if (m.turn < turn || (m.turn === turn && m.span.to <= offset)) return m;
    }
    return null;
  }
  return all.find((m) => m.turn > turn || (m.turn === turn && m.span.from >= offset)) ?? null;
}
