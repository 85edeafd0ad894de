/** A word-level diff (longest common subsequence) for showing a reviewer what changed. */

export type DiffPart = { op: 'same' | 'add' | 'del'; text: string };

/** Splits into words and the whitespace after them, so joining the parts restores the text. */
function tokenize(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

const norm = (t: string): string => t.trim();

/**
 * Diffs two texts word by word. Quadratic in words, so callers diff per turn or per segment
 * (a few hundred words), never a whole recording at once; past `limit` words it reports a
 * plain replacement instead of stalling the page.
 */
export function wordDiff(before: string, after: string, limit = 4000): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  if (a.length * b.length > limit * limit) {
    return [
      ...(before ? [{ op: 'del' as const, text: before }] : []),
      ...(after ? [{ op: 'add' as const, text: after }] : []),
    ];
  }
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const rows = a.length + 1;
  const cols = b.length + 1;
  const lcs = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * cols + j] =
        norm(a[i]) === norm(b[j])
          ? lcs[(i + 1) * cols + j + 1] + 1
          : Math.max(lcs[(i + 1) * cols + j], lcs[i * cols + j + 1]);
    }
  }
  const out: DiffPart[] = [];
  const push = (op: DiffPart['op'], text: string): void => {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (norm(a[i]) === norm(b[j])) {
      push('same', b[j]);
      i++;
      j++;
    } else if (lcs[(i + 1) * cols + j] >= lcs[i * cols + j + 1]) {
      push('del', a[i++]);
    } else {
      push('add', b[j++]);
    }
  }
  while (i < a.length) push('del', a[i++]);
  while (j < b.length) push('add', b[j++]);
  return out;
}
