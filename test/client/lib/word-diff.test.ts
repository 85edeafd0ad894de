import { expect } from 'chai';
import fc from 'fast-check';
import { wordDiff } from '../../../client/lib/word-diff.ts';

const join = (parts: { op: string; text: string }[], keep: string): string =>
  parts
    .filter((p) => p.op === 'same' || p.op === keep)
    .map((p) => p.text)
    .join('');

describe('word diff for reviewers', () => {
  it('marks the words a reviewer changed', () => {
    const parts = wordDiff('we met on monday at noon', 'we met on tuesday at noon');
    expect(parts.filter((p) => p.op === 'del').map((p) => p.text.trim())).to.deep.equal(['monday']);
    expect(parts.filter((p) => p.op === 'add').map((p) => p.text.trim())).to.deep.equal(['tuesday']);
  });

  it('reports no change for equal texts', () => {
    expect(wordDiff('same words here', 'same words here').every((p) => p.op === 'same')).to.equal(true);
  });

  it('rebuilds the revised text from same+added parts, whatever the texts', () => {
    const words = fc.array(fc.constantFrom('a', 'b', 'c', 'budget', '[inaudible]', 'x'), { maxLength: 30 });
    fc.assert(
      fc.property(words, words, (a, b) => {
        const after = b.join(' ');
        const parts = wordDiff(a.join(' '), after);
        expect(join(parts, 'add').replace(/\s+/g, ' ').trim()).to.equal(after);
        const same = parts.filter((p) => p.op === 'same').length;
        expect(same).to.be.at.most(Math.min(a.length, b.length));
      }),
    );
  });

  it('falls back to a whole replacement for huge texts instead of stalling', () => {
    const big = 'w '.repeat(50);
    const parts = wordDiff(big, `${big}z`, 10);
    expect(parts.map((p) => p.op)).to.deep.equal(['del', 'add']);
  });
});
