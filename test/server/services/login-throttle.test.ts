import { expect } from 'chai';
import { AttemptWindows } from '../../../server/services/login-throttle.ts';

const MIN = 60_000;

describe('sign-in attempt windows', () => {
  const make = (max: number, maxKeys = 1000) => new AttemptWindows({ windowMs: 15 * MIN, max, maxKeys });

  it('counts an attempt as soon as it is taken, so the limit holds before any answer is known', () => {
    const w = make(3);
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(w.retryAfterSec('a', t0)).to.equal(0);
      w.take('a', t0);
    }
    expect(w.retryAfterSec('a', t0)).to.equal(15 * 60);
    expect(w.retryAfterSec('a', t0 + 5 * MIN)).to.equal(10 * 60);
    expect(w.retryAfterSec('b', t0), 'other keys are not affected').to.equal(0);
  });

  it('opens again when the window has passed', () => {
    const w = make(1);
    w.take('a', 0);
    expect(w.retryAfterSec('a', 15 * MIN - 1)).to.equal(1);
    expect(w.retryAfterSec('a', 15 * MIN)).to.equal(0);
    w.take('a', 15 * MIN);
    expect(w.retryAfterSec('a', 15 * MIN)).to.be.greaterThan(0);
  });

  it('hands a released slot back once, and clear forgets the key', () => {
    const w = make(2);
    w.take('a', 0);
    const s = w.take('a', 0);
    expect(w.retryAfterSec('a', 0)).to.be.greaterThan(0);
    s.release();
    s.release();
    expect(w.retryAfterSec('a', 0)).to.equal(0);
    w.take('a', 0);
    expect(w.retryAfterSec('a', 0)).to.be.greaterThan(0);
    w.clear('a');
    expect(w.retryAfterSec('a', 0)).to.equal(0);
  });

  it('does not let a slot from an old window free one in the new window', () => {
    const w = make(1);
    const old = w.take('a', 0);
    w.take('a', 15 * MIN);
    old.release();
    expect(w.retryAfterSec('a', 15 * MIN)).to.be.greaterThan(0);
  });

  it('forgets windows that have passed, so memory follows recent attempts only', () => {
    const w = make(10, 10_000);
    for (let i = 0; i < 5000; i++) w.take(`user${i}@x.test|10.0.0.1`, i);
    expect(w.size).to.equal(5000);
    w.retryAfterSec('someone', 15 * MIN + 2500);
    expect(w.size).to.equal(2499);
    w.retryAfterSec('someone', 16 * MIN);
    expect(w.size).to.equal(0);
  });

  it('remembers at most maxKeys, dropping the oldest windows under a flood of new keys', () => {
    const w = make(1, 100);
    for (let i = 0; i < 1000; i++) w.take(`k${i}`, i);
    expect(w.size).to.equal(100);
    expect(w.retryAfterSec('k999', 1000)).to.be.greaterThan(0);
    expect(w.retryAfterSec('k0', 1000)).to.equal(0);
  });
});
