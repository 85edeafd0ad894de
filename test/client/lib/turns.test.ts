import { expect } from 'chai';
import {
  insertTurn,
  parseStamp,
  retimeTurn,
  speakerChoices,
  spliceText,
  turnsEqual,
} from '../../../client/lib/turns.ts';

const t = (speaker: string, start: number, text = ''): { speaker: string; start: number; text: string } => ({
  speaker,
  start,
  text,
});

describe('turn editing', () => {
  it('offers participants, then used names, without duplicates or blanks', () => {
    expect(speakerChoices(['Budi', 'Sari'], ['Speaker 1', 'Budi'], [t('Tom', 0), t(' ', 1)])).to.deep.equal([
      'Budi',
      'Sari',
      'Speaker 1',
      'Tom',
    ]);
    expect(speakerChoices([], [], [])).to.deep.equal(['Speaker 1', 'Speaker 2']);
  });

  it('inserts a new turn in time order, alternating to the previous speaker', () => {
    const turns = [t('A', 10), t('B', 20), t('B', 30)];
    const [next, idx] = insertTurn(turns, 25.123, 1, ['A', 'B']);
    expect(idx).to.equal(2);
    expect(next.map((x) => x.start)).to.deep.equal([10, 20, 25.12, 30]);
    expect(next[2].speaker).to.equal('A');
    const [first] = insertTurn([], 3, 0, ['Budi']);
    expect(first).to.deep.equal([t('Budi', 3)]);
  });

  it('starts a turn begun before the segment exactly where the segment starts, to the millisecond', () => {
    const [early] = insertTurn([], 36.9, 0, ['Budi'], 37.516);
    expect(early).to.deep.equal([t('Budi', 37.516)]);
    // Rounding never takes a turn begun inside the segment back before its start.
    const [edge] = insertTurn([], 37.5161, 0, ['Budi'], 37.516);
    expect(edge[0]!.start).to.equal(37.52);
    const [down] = insertTurn([], 37.514, 0, ['Budi'], 37.513);
    expect(down[0]!.start).to.equal(37.513);
  });

  it('inserts tags with spaces around them and puts the caret after', () => {
    expect(spliceText('hello world', 5, 5, '[laughter]')).to.deep.equal(['hello [laughter] world', 16]);
    expect(spliceText('hello', 5, 5, '[inaudible]')).to.deep.equal(['hello [inaudible] ', 18]);
    const [text, caret] = spliceText('he said', 7, 7, '[unclear: ]');
    expect(text).to.equal('he said [unclear: ]');
    expect(text.slice(0, caret)).to.equal('he said [unclear: ');
  });

  it('compares turns by content', () => {
    expect(turnsEqual([t('A', 1, 'x')], [t('A', 1.0001, 'x')])).to.equal(true);
    expect(turnsEqual([t('A', 1, 'x')], [t('A', 1, 'y')])).to.equal(false);
  });
});

describe('typed turn times', () => {
  it('reads the times a person types, a decimal comma too', () => {
    expect(parseStamp('75.4')).to.equal(75.4);
    expect(parseStamp('01:15,5')).to.equal(75.5);
    expect(parseStamp('1:02:05')).to.equal(3725);
    expect(parseStamp('1:75')).to.equal(null);
    expect(parseStamp('soon')).to.equal(null);
  });

  it('moves a turn to its new time and keeps the turns in order, within the segment', () => {
    const t = [
      { speaker: 'A', start: 10, text: 'one' },
      { speaker: 'B', start: 20, text: 'two' },
    ];
    expect(retimeTurn(t, 0, 25.004, 10, 40)).to.deep.equal([
      [
        { speaker: 'B', start: 20, text: 'two' },
        { speaker: 'A', start: 25, text: 'one' },
      ],
      1,
    ]);
    expect(retimeTurn(t, 0, 9, 10, 40)).to.equal(null);
    expect(retimeTurn(t, 0, 40, 10, 40)).to.equal(null);
  });
});
