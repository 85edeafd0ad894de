import { expect } from 'chai';
import { HeardTracker } from '../../../client/lib/heard.ts';

describe('heard-ratio tracking', () => {
  it('counts continuous playback of the own part only', () => {
    const h = new HeardTracker(5, 15); // own part 10 s, context before and after
    for (let t = 0; t <= 10; t += 0.25) h.tick(t);
    expect(h.ratio).to.be.closeTo(0.5, 1e-9);
  });

  it('does not count a seek as heard, nor the same stretch twice', () => {
    const h = new HeardTracker(0, 10);
    h.tick(1);
    h.tick(2);
    h.tick(8); // a jump: seek
    h.tick(8.5);
    h.break();
    h.tick(1);
    h.tick(2); // replay of 1..2
    expect(h.ratio).to.be.closeTo(0.15, 1e-9);
  });

  it('restores saved intervals and merges overlaps', () => {
    const h = new HeardTracker(0, 10, [
      [0, 4],
      [3, 6],
    ]);
    expect(h.toJSON()).to.deep.equal([[0, 6]]);
    h.add(6, 10);
    expect(h.ratio).to.equal(1);
  });
});
