import { expect } from 'chai';
import { reviewBase } from '../../../client/lib/review-base.ts';
import type { SegmentHistoryEntry } from '../../../client/types.ts';

const entry = (kind: SegmentHistoryEntry['kind'], version: number, text: string): SegmentHistoryEntry => ({
  kind,
  by: 'u',
  byName: null,
  version,
  at: '2026-12-01T10:00:00.000Z',
  turns: [{ speaker: 'A', start: 0, text }],
});

describe('what a reviewer compares with', () => {
  it('is the submission on a first review', () => {
    const base = reviewBase([entry('submitted', 2, 'first')]);
    expect(base?.since).to.equal('submitted');
    expect(base?.entry.turns[0].text).to.equal('first');
  });

  it('is the returned version on the second pass, not the resubmission', () => {
    const base = reviewBase([
      entry('submitted', 2, 'first'),
      entry('returned', 3, 'first, as returned'),
      entry('submitted', 5, 'fixed'),
    ]);
    expect(base?.since).to.equal('returned');
    expect(base?.entry.turns[0].text).to.equal('first, as returned');
  });

  it('is nothing before anyone submitted', () => {
    expect(reviewBase([])).to.equal(null);
    expect(reviewBase(undefined)).to.equal(null);
  });
});
