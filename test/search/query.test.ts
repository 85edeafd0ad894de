import { expect } from 'chai';
import { ValidationError } from '../../server/errors.ts';
import { parseQuery, type SearchTerm } from '../../server/search/query.ts';

const word = (t: string): SearchTerm => ({ tokens: [t], prefix: false });
const prefix = (t: string): SearchTerm => ({ tokens: [t], prefix: true });
const phrase = (...t: string[]): SearchTerm => ({ tokens: t, prefix: false });

/** The problem a rejected query names (the 400's details). */
function problem(q: string): string {
  try {
    parseQuery(q);
  } catch (e) {
    expect(e).to.be.instanceOf(ValidationError);
    return ((e as ValidationError).details as { fields: Array<{ problem: string }> }).fields[0].problem;
  }
  throw new Error(`${JSON.stringify(q)} was accepted`);
}

describe('search query parser', () => {
  it('makes every word a term that must occur, folded for case and accents', () => {
    expect(parseQuery('Anggaran  PÉRUSAHAAN naïve')).to.deep.equal([
      word('anggaran'),
      word('perusahaan'),
      word('naive'),
    ]);
  });

  it('folds decomposed accents, ligatures and full-width letters as the composed plain letters', () => {
    expect(parseQuery('Re\u0301sume\u0301 ﬁnance ＡＢＣ')).to.deep.equal([
      word('resume'),
      word('finance'),
      word('abc'),
    ]);
  });

  it('reads "quoted words" as one exact phrase and word* as a prefix', () => {
    expect(parseQuery('"tindak lanjut" angga* rapat')).to.deep.equal([
      phrase('tindak', 'lanjut'),
      prefix('angga'),
      word('rapat'),
    ]);
  });

  it('reads words joined by punctuation as a phrase, the way they were typed', () => {
    expect(parseQuery("anak-anak don't")).to.deep.equal([phrase('anak', 'anak'), phrase('don', 't')]);
    expect(parseQuery('anak-an*')).to.deep.equal([{ tokens: ['anak', 'an'], prefix: true }]);
  });

  it('takes FTS and boolean syntax as words to find, never as operators', () => {
    expect(parseQuery('budget AND OR NOT')).to.deep.equal([
      word('budget'),
      word('and'),
      word('or'),
      word('not'),
    ]);
    expect(parseQuery('NEAR(a b, 3)')).to.deep.equal([phrase('near', 'a'), word('b'), word('3')]);
    expect(parseQuery('words:secret -x ^y {a b}')).to.deep.equal([
      phrase('words', 'secret'),
      word('x'),
      word('y'),
      word('a'),
      word('b'),
    ]);
  });

  it('takes an unpaired quote and a star that follows no word as text', () => {
    expect(parseQuery('"rapat anggaran')).to.deep.equal([word('rapat'), word('anggaran')]);
    expect(parseQuery('rapat * "x"* *y')).to.deep.equal([word('rapat'), word('x'), word('y')]);
    expect(parseQuery('"star* inside"')).to.deep.equal([phrase('star', 'inside')]);
  });

  it('treats NUL, control and bidi characters as spaces', () => {
    expect(parseQuery('rapat\u0000anggaran\u202Etahun\u2066ini\u0007')).to.deep.equal([
      word('rapat'),
      word('anggaran'),
      word('tahun'),
      word('ini'),
    ]);
  });

  it('asks only once for a term typed twice', () => {
    expect(parseQuery('rapat Rapat RAPAT')).to.deep.equal([word('rapat')]);
  });

  it('refuses, with a 400 naming the problem, a query that cannot be searched', () => {
    expect(problem('')).to.equal('empty');
    expect(problem('   ')).to.equal('empty');
    expect(problem('"')).to.equal('no words');
    expect(problem('*')).to.equal('no words');
    expect(problem('\u0000\u202E')).to.equal('no words');
    expect(problem('a'.repeat(10_000))).to.equal('too long');
    expect(problem('x '.repeat(251))).to.equal('too long');
    expect(problem('a*')).to.equal('prefix too short');
    expect(problem(Array.from({ length: 33 }, (_, i) => `w${i}`).join(' '))).to.equal('too many words');
  });

  it('accepts 500 characters, counting characters rather than UTF-16 units', () => {
    expect(parseQuery('a'.repeat(500))).to.have.length(1);
    expect(parseQuery('😀'.repeat(498) + ' x')).to.deep.equal([word('x')]);
  });
});
