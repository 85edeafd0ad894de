/** Word error rate: word-level edit distance between a hypothesis and a reference, over the reference length. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s[\]'-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

function editDistance(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Errors and reference length, so rates can be pooled over many segments. */
export function werCounts(hypothesis: string, reference: string): { errors: number; refWords: number } {
  const ref = words(reference);
  const hyp = words(hypothesis);
  return { errors: editDistance(hyp, ref), refWords: ref.length };
}
