import { expect } from 'chai';
import { parseQuery } from '../../server/search/query.ts';
import { buildSnippet, SNIPPET_CHARS } from '../../server/search/snippet.ts';
import { frequencies, markRanges } from '../../server/search/match.ts';
import { terms, tokenize } from '../../server/search/tokens.ts';

const marked = (snippet: string, marks: Array<[number, number]>): string[] =>
  marks.map(([a, b]) => snippet.slice(a, b));

describe('search tokens, matches and snippets', () => {
  it('splits words as the index does, with the same terms on the fast ASCII path and the full one', () => {
    const ascii = "Rapat_anggaran: Q3-2026, don't stop!";
    expect(terms(ascii)).to.deep.equal(['rapat', 'anggaran', 'q3', '2026', 'don', 't', 'stop']);
    expect(tokenize(ascii).map((t) => t.term)).to.deep.equal(terms(ascii));
    expect(terms('Pérusahaan — Ｑ３')).to.deep.equal(['perusahaan', 'q3']);
  });

  it('marks words, prefixes and whole phrases where they occur in the original text', () => {
    const text = 'Anggaran pemasaran: tindak  lanjut minggu depan. Tindak lanjut lagi; anggarannya naik.';
    const ranges = markRanges(text, parseQuery('"tindak lanjut" anggar*'));
    expect(ranges.map(([a, b]) => text.slice(a, b))).to.deep.equal([
      'Anggaran',
      'tindak  lanjut',
      'Tindak lanjut',
      'anggarannya',
    ]);
  });

  it('counts each term and the length in words, for ranking', () => {
    const text = 'rapat rapat anggaran, rapat tahun ini';
    expect(frequencies(text, parseQuery('rapat "rapat anggaran" tah*'))).to.deep.equal({
      tf: [3, 1, 1],
      length: 6,
    });
  });

  it('shows a short turn whole, with its marks', () => {
    const s = buildSnippet('Budget is up. The budget!', parseQuery('budget'));
    expect(s).to.deep.equal({
      snippet: 'Budget is up. The budget!',
      marks: [
        [0, 6],
        [18, 24],
      ],
    });
  });

  it('cuts a long turn around its matches, at spaces, with ellipses, and keeps marks on the words', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `kata${i}`).join(' ');
    const text = `${filler(80)} the Perusahaan report was late ${filler(80)}`;
    const s = buildSnippet(text, parseQuery('perusahaan'));
    expect(s.snippet.startsWith('…')).to.equal(true);
    expect(s.snippet.endsWith('…')).to.equal(true);
    expect(s.snippet.length).to.be.at.most(SNIPPET_CHARS + 40);
    expect(marked(s.snippet, s.marks)).to.deep.equal(['Perusahaan']);
    expect(s.snippet).to.not.match(/ …|… /);
    expect(text.includes(s.snippet.slice(1, -1))).to.equal(true);
  });

  it('prefers the part of a long turn where most matches are', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
    const text = `rapat ${filler(100)} rapat anggaran rapat ${filler(100)}`;
    const s = buildSnippet(text, parseQuery('rapat anggaran'));
    expect(marked(s.snippet, s.marks)).to.deep.equal(['rapat', 'anggaran', 'rapat']);
  });

  it('counts marks in JavaScript string offsets, so emoji before a match do not shift it', () => {
    const s = buildSnippet('😀😀 Résumé 😀 résumé', parseQuery('resume'));
    expect(marked(s.snippet, s.marks)).to.deep.equal(['Résumé', 'résumé']);
  });
});
