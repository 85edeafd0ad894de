import { expect } from 'chai';
import { parseTimeFragment, snippetParts, timeFragment, turnAt } from '../../../client/lib/search.ts';

describe('client search helpers', () => {
  it('splits a snippet into marked and plain runs by its ranges', () => {
    expect(snippetParts('The budget is up', [[4, 10]])).to.deep.equal([
      { text: 'The ', marked: false },
      { text: 'budget', marked: true },
      { text: ' is up', marked: false },
    ]);
    expect(snippetParts('budget', [[0, 6]])).to.deep.equal([{ text: 'budget', marked: true }]);
    expect(snippetParts('no marks', [])).to.deep.equal([{ text: 'no marks', marked: false }]);
  });

  it('ignores ranges that are out of bounds, reversed, overlapping or not whole numbers, and loses no text', () => {
    const text = 'abcdefghij';
    const parts = snippetParts(text, [
      [2, 4],
      [3, 5],
      [6, 5],
      [8, 99],
      [-1, 1],
      [1.5, 2],
      [6, 7],
    ]);
    expect(parts.map((p) => p.text).join('')).to.equal(text);
    expect(parts.filter((p) => p.marked).map((p) => p.text)).to.deep.equal(['cd', 'g']);
  });

  it('links to a moment with #t=<seconds> and reads it back', () => {
    expect(timeFragment(64)).to.equal('#t=64');
    expect(timeFragment(64.37)).to.equal('#t=64.3');
    expect(parseTimeFragment('#t=64.3')).to.equal(64.3);
    expect(parseTimeFragment('t=5')).to.equal(5);
    for (const bad of ['', '#', '#t=', '#t=-3', '#t=abc', '#t=1e9', '#main', '#t=5&x=1'])
      expect(parseTimeFragment(bad), bad).to.equal(null);
  });

  it('finds the turn playing at a moment', () => {
    const turns = [{ start: 0 }, { start: 10 }, { start: 25.5 }];
    expect(turnAt(turns, 0)).to.equal(0);
    expect(turnAt(turns, 12)).to.equal(1);
    expect(turnAt(turns, 25.5)).to.equal(2);
    expect(turnAt(turns, 999)).to.equal(2);
    expect(turnAt([{ start: 3 }], 1)).to.equal(-1);
  });
});
