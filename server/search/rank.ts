/**
 * Okapi BM25, the ranking SQLite's FTS5 and Lucene use, computed over a bounded set of candidates
 * (the engines decide which); document frequencies come from the engine's own counts.
 */
const K1 = 1.2;
const B = 0.75;

/** How much finding a term tells: rare terms weigh more. `docs` in the index, `df` of them with the term. */
export function idf(docs: number, df: number): number {
  const n = Math.max(docs, 1);
  const d = Math.min(Math.max(df, 0), n);
  return Math.log(1 + (n - d + 0.5) / (d + 0.5));
}

/** BM25 of one document: `tf[i]` occurrences of term i weighted `weights[i]`, `length` tokens long. */
export function bm25(
  tf: readonly number[],
  weights: readonly number[],
  length: number,
  avgLength: number,
): number {
  const norm = K1 * (1 - B + (B * length) / Math.max(avgLength, 1));
  let score = 0;
  for (let i = 0; i < tf.length; i++) score += (weights[i] * tf[i] * (K1 + 1)) / (tf[i] + norm);
  return score;
}
