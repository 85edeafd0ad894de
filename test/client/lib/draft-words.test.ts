import { expect } from 'chai';
import { alignTurns, draftTokens, nextMarked } from '../../../client/lib/draft-words.ts';

const word = (text: string, start: number, confidence?: number) => ({
  text,
  start,
  end: start + 0.4,
  ...(confidence !== undefined ? { confidence } : {}),
});
const words = [
  word('the', 1, 0.9),
  word('budjet', 2, 0.3),
  word('.', 2.4, 0.9),
  word('is', 3, 0.95),
  word('fine', 4, 0.4),
];

describe('draft words in the turns', () => {
  it('glues punctuation to the word before, keeping the lower confidence', () => {
    expect(draftTokens(words).map((w) => [w.text, w.confidence])).to.deep.equal([
      ['the', 0.9],
      ['budjet.', 0.3],
      ['is', 0.95],
      ['fine', 0.4],
    ]);
  });

  it('keeps times and marks on the words still as drafted, across turns split by the transcriber', () => {
    const spans = alignTurns(
      [
        { speaker: 'A', start: 1, text: 'the budjet.' },
        { speaker: 'B', start: 3, text: 'is fine' },
      ],
      words,
    );
    expect(spans.map((s) => s.map((x) => x.marked))).to.deep.equal([
      [false, true],
      [false, true],
    ]);
    expect(spans[1][0].word?.start).to.equal(3);
  });

  it('drops the mark and the time of a word the transcriber changed', () => {
    const [spans] = alignTurns([{ speaker: 'A', start: 1, text: 'the budget. is fine' }], words);
    expect(spans.map((s) => [s.word?.text ?? null, s.marked])).to.deep.equal([
      ['the', false],
      [null, false],
      ['is', false],
      ['fine', true],
    ]);
  });

  it('finds the next and previous marked word from the caret, across turns', () => {
    const spans = alignTurns(
      [
        { speaker: 'A', start: 1, text: 'the budjet.' },
        { speaker: 'B', start: 3, text: 'is fine' },
      ],
      words,
    );
    expect(nextMarked(spans, 0, 0)).to.deep.include({ turn: 0 });
    expect(nextMarked(spans, 0, 11)?.turn).to.equal(1);
    expect(nextMarked(spans, 1, 7)).to.equal(null);
    expect(nextMarked(spans, 1, 3, true)?.span.from).to.equal(4);
    expect(nextMarked(spans, 1, 0, true)?.turn).to.equal(0);
  });
});
