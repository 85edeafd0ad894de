/**
 * What a reviewer compares the text in front of them with. On a first review that is the
 * transcriber's submission; once a segment has come back after a return, it is the version the
 * reviewer returned, so the diff shows what was fixed since (the latest submission would show
 * "No changes" to anyone who has not edited yet). Pure, so it is unit-tested in Node.
 */
import type { SegmentHistoryEntry } from '../types.ts';

export interface ReviewBase {
  entry: SegmentHistoryEntry;
  /** `returned`: the diff shows changes since the return; `submitted`: since the submission. */
  since: 'returned' | 'submitted';
}

export function reviewBase(history: readonly SegmentHistoryEntry[] | undefined): ReviewBase | null {
  const list = history ?? [];
  let submitted = -1;
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i].kind === 'submitted') {
      submitted = i;
      break;
    }
  }
  if (submitted < 0) return null;
  // The return this submission answers: the latest one before it.
  for (let i = submitted - 1; i >= 0; i--) {
    if (list[i].kind === 'returned') return { entry: list[i], since: 'returned' };
    if (list[i].kind === 'approved') break;
  }
  return { entry: list[submitted], since: 'submitted' };
}
