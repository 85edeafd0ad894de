import { expect } from 'chai';
import { completionFor, distanceWithin, nearMisses } from '../../../client/lib/glossary.ts';

const TERMS = ['Budi Santoso', 'PT Sinar Mas', 'Sari', 'anggaran', 'Rp'];

describe('glossary in the text box', () => {
  it('offers the term a fragment begins, across words, ignoring case', () => {
    expect(completionFor('Then bu', TERMS)).to.deep.equal({ from: 5, term: 'Budi Santoso' });
    expect(completionFor('Then Budi San', TERMS)).to.deep.equal({ from: 5, term: 'Budi Santoso' });
    expect(completionFor('kata pt sin', TERMS)).to.deep.equal({ from: 5, term: 'PT Sinar Mas' });
  });

  it('offers nothing for one letter, after a space, or for a finished term', () => {
    expect(completionFor('Then b', TERMS)).to.equal(null);
    expect(completionFor('Then bu ', TERMS)).to.equal(null);
    expect(completionFor('Then Budi Santoso', TERMS)).to.equal(null);
    expect(completionFor('Then bu', [])).to.equal(null);
  });

  it('flags words within two edits of a term but not equal to it, case included', () => {
    const text = 'Budi Santosa met pt Sinar Mas about the angaran with Sari and Budi Santoso.';
    const found = nearMisses(text, TERMS).map((m) => [m.found, m.term]);
    expect(found).to.deep.equal([
      ['Budi Santosa', 'Budi Santoso'],
      ['pt Sinar Mas', 'PT Sinar Mas'],
      ['angaran', 'anggaran'],
    ]);
    const [first] = nearMisses(text, TERMS);
    expect(text.slice(first.from, first.to)).to.equal('Budi Santosa');
  });

  it('leaves short words alone, where two edits make anything of anything', () => {
    expect(nearMisses('Sara and Rp and rp and time', ['Sari', 'Rp', 'Tina'])).to.deep.equal([
      { from: 0, to: 4, found: 'Sara', term: 'Sari' },
    ]);
  });

  it('counts edits exactly up to the bound', () => {
    expect(distanceWithin('kitten', 'sitting', 3)).to.equal(3);
    expect(distanceWithin('kitten', 'sitting', 2)).to.equal(3);
    expect(distanceWithin('abc', 'abc', 2)).to.equal(0);
  });
});
