import { expect } from 'chai';
import {
  cleanForExport,
  cleanLabel,
  cleanTyped,
  hasHiddenCharacters,
  safeFilename,
} from '../../server/text-safety.ts';

// Written out here rather than read from the module, so a slip in its character classes shows.
const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
const HIDDEN = [
  '\u0000',
  '\u0007',
  '\u000B',
  '\u000C',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u009F',
  '\uFEFF',
  '\uFFFE',
];

describe('text safety (server/text-safety.ts)', () => {
  describe('cleanLabel: titles, participants, speakers', () => {
    it('removes bidi overrides and isolates, so a name cannot read backwards', () => {
      for (const c of BIDI) expect(cleanLabel(`Sari${c}ab`), JSON.stringify(c)).to.equal('Sariab');
    });

    it('removes control and invisible characters, tabs and line breaks included, and trims', () => {
      for (const c of [...HIDDEN, '\t', '\n', '\r'])
        expect(cleanLabel(` Board${c} meeting `), JSON.stringify(c)).to.equal('Board meeting');
      expect(cleanLabel('Board\u0007 meeting\u001b[31m \u202Eterces\u202C')).to.equal(
        'Board meeting[31m terces',
      );
    });

    it('keeps letters of every script, emoji and direction marks', () => {
      const names = ['Réunion 会議 🎉', 'اجتماع\u200F', 'Dewi\u200E', 'नमस्ते'];
      for (const n of names) expect(cleanLabel(n)).to.equal(n);
    });
  });

  describe('safeFilename: file names clients send', () => {
    const cases: [given: string, stored: string][] = [
      ['../../etc/passwd.mp3', 'passwd.mp3'],
      ['..\\..\\windows\\system32\\evil.mp3', 'evil.mp3'],
      ['/absolute/path/meeting.mp3', 'meeting.mp3'],
      ['a\u0000b.mp3', 'ab.mp3'],
      ['tab\there\u0001\u001f.mp3', 'tabhere.mp3'],
      ['\u202Egnp.mp3', 'gnp.mp3'],
      ['x\u2066y\u2069\u0085\uFEFFz.mp3', 'xyz.mp3'],
      ['...hidden.mp3', 'hidden.mp3'],
      ['Réunion 会議 🎉.mp3', 'Réunion 会議 🎉.mp3'],
      ['dir/', 'recording'],
      ['\u202E...', 'recording'],
    ];
    for (const [given, stored] of cases) {
      it(`stores ${JSON.stringify(given)} as ${JSON.stringify(stored)}`, () => {
        expect(safeFilename(given)).to.equal(stored);
      });
    }

    it('keeps at most 200 characters', () => {
      expect(safeFilename(`${'a'.repeat(300)}.mp3`)).to.have.length(200);
    });
  });

  describe('cleanTyped: turn text and review comments', () => {
    it('keeps lines and tabs as typed', () => {
      expect(cleanTyped('First line\r\n\tindented\nlast')).to.equal('First line\r\n\tindented\nlast');
    });

    it('removes bidi overrides and control characters', () => {
      expect(cleanTyped('Name the speaker: it is \u202eBudi.\u0007')).to.equal(
        'Name the speaker: it is Budi.',
      );
      for (const c of [...BIDI, ...HIDDEN]) expect(cleanTyped(`a${c}b`), JSON.stringify(c)).to.equal('ab');
    });
  });

  describe('cleanForExport: transcript text in every format', () => {
    it('makes every line break a newline and keeps tabs', () => {
      expect(cleanForExport('a\r\nb\rc\u2028d\u2029e\tf')).to.equal('a\nb\nc\nd\ne\tf');
    });

    it('replaces lone surrogates, removes bidi overrides and hidden characters', () => {
      expect(
        cleanForExport(
          'price \u202Ekcab\u202C is \u2066isolated\u2069, bell\u0007 c1\u0085 bom\uFEFF half\uD800',
        ),
      ).to.equal('price kcab is isolated, bell c1 bom half\uFFFD');
    });

    it('composes accents (NFC), so the same words compare and search alike in every format', () => {
      expect(cleanForExport('Re\u0301union')).to.equal('Réunion');
    });
  });

  describe('hasHiddenCharacters: text refused rather than cleaned (instructions, glossary terms)', () => {
    it('finds bidi overrides, isolates and control characters, and nothing in plain text of any script', () => {
      for (const bad of ['Budi \u202Esays', 'a\u2066b\u2069', 'bell\u0007', 'bom\uFEFF']) {
        expect(hasHiddenCharacters(bad), JSON.stringify(bad)).to.equal(true);
      }
      for (const ok of ['PT Sinar Mas', 'Réunion 会議 🎉', 'line one\nline two\ttab', 'مرحبا\u200F']) {
        expect(hasHiddenCharacters(ok), JSON.stringify(ok)).to.equal(false);
      }
    });
  });
});
