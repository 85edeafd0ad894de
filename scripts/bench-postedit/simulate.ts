/**
 * The post-editing simulation: a machine draft of known word error rate made from true text
 * (substitutions, deletions, insertions; the changed words' confidence lowered as an ASR engine's
 * would be), and the character edits a transcriber needs to reach the truth from it or from blank.
 */
import type { DraftWord } from '../../server/drafts/types.ts';
import type { Random } from '../../test/helpers/random.ts';

const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/**
 * The truth's words with about `wer` of them wrong: half substituted by another word of the
 * meeting, a quarter deleted, a quarter with a word inserted after them. Kept words are sure
 * (0.85–0.99), changed ones unsure (0.2–0.6).
 */
export function corrupt(truth: string, wer: number, vocab: readonly string[], r: Random): DraftWord[] {
  const out: DraftWord[] = [];
  let t = 0;
  const add = (text: string, sure: boolean): void => {
    out.push({ text, start: t, end: t + 0.3, confidence: sure ? 0.85 + r() * 0.14 : 0.2 + r() * 0.4 });
    t += 0.35;
  };
  for (const word of truth.split(/\s+/).filter(Boolean)) {
    if (r() >= wer) {
      add(word, true);
      continue;
    }
    const kind = r();
    if (kind < 0.5)
      add(
        pick(
          r,
          vocab.filter((v) => v !== word),
        ),
        false,
      );
    else if (kind < 0.75) continue;
    else {
      add(word, true);
      add(pick(r, vocab), false);
    }
  }
  return out;
}

/** Levenshtein distance in characters: the keystrokes (type, delete, replace) from `a` to `b`. */
export function charEdits(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
