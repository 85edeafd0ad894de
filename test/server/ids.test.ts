import { expect } from 'chai';
import { newId } from '../../server/ids.ts';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const TIME_CHARS = 9;

describe('ids', () => {
  it('start with the creation time, so they sort by creation', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    const t = parseInt(id.slice(0, TIME_CHARS), 32);
    expect(t).to.be.within(before, after);
    const older = `${(before - 1).toString(32).padStart(TIME_CHARS, '0')}${id.slice(TIME_CHARS)}`;
    expect([id, older].sort()).to.deep.equal([older, id]);
  });

  it('carry at least 100 random bits after the time: 20 characters of 5 bits, each uniform over the alphabet', () => {
    const ids = Array.from({ length: 4000 }, () => newId());
    for (const id of ids) {
      expect(id).to.match(/^[0-9a-v]{9}[0-9a-hjkmnp-tv-z]{20}$/);
    }
    const random = ids.map((id) => id.slice(TIME_CHARS));
    expect(random[0].length * Math.log2(ALPHABET.length)).to.be.at.least(100);
    // With 4 000 draws from 32 equally likely symbols, a position missing one is a ~1e-53 event.
    for (let pos = 0; pos < random[0].length; pos++) {
      const seen = new Set(random.map((r) => r[pos]));
      expect(seen.size, `symbols seen at position ${pos}`).to.equal(ALPHABET.length);
    }
    expect(new Set(ids).size).to.equal(ids.length);
  });
});
