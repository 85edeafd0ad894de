import { expect } from 'chai';
import { byPart, draftQuality, draftTurns, joinWords, speakerNames } from '../../../server/drafts/shape.ts';
import { transcriptionWords } from '../../../server/drafts/transcription.ts';

const w = (text: string, start: number, end: number, extra: object = {}) => ({ text, start, end, ...extra });

describe('draft shape', () => {
  it('puts each word in the part that holds its midpoint, the last part including its end', () => {
    const parts = [
      { start: 0, end: 10 },
      { start: 10, end: 20 },
    ];
    const got = byPart([w('a', 9, 10.8), w('b', 9.5, 10.5), w('c', 19.5, 20), w('d', 30, 31)], parts);
    expect(got.map((p) => p.map((x) => x.text))).to.deep.equal([['a'], ['b', 'c']]);
  });

  it('rates a draft by mean confidence, or by its share of real words when it has none', () => {
    expect(
      draftQuality([w('a', 0, 1, { confidence: 0.9 }), w('b', 1, 2, { confidence: 0.5 }), w('c', 2, 3)]),
    ).to.equal(0.7);
    expect(draftQuality([w('[music]', 0, 1), w('um', 1, 2), w('budget', 2, 3), w('figures', 3, 4)])).to.equal(
      0.5,
    );
    expect(draftQuality([])).to.equal(0);
  });

  it('makes turns of consecutive words of one speaker, never starting before the segment', () => {
    const turns = draftTurns(
      [
        w('Hello', 9.8, 10.3, { speaker: 'Budi' }),
        w(',', 10.3, 10.3, { speaker: 'Budi' }),
        w('hi', 11, 11.2, { speaker: 'Sari' }),
      ],
      { start: 10, end: 20 },
    );
    expect(turns).to.deep.equal([
      { speaker: 'Budi', start: 10, text: 'Hello,' },
      { speaker: 'Sari', start: 11, text: 'hi' },
    ]);
    expect(joinWords([{ text: 'Yes' }, { text: '.' }, { text: 'No' }])).to.equal('Yes. No');
  });

  it('names speakers as participants when the labels match, keeping other labels', () => {
    const m = speakerNames(['budi', 'SPEAKER_01', 'Séna'], ['Budi', 'Sena']);
    expect([...m.values()]).to.deep.equal(['Budi', 'SPEAKER_01', 'Sena']);
  });

  it("reads OpenAI's whole words with confidence from their segment, shifted onto the recording", () => {
    const words = transcriptionWords(
      {
        text: 'Good morning',
        segments: [{ start: 0, end: 2, avg_logprob: Math.log(0.8) }],
        words: [
          { word: 'Good', start: 0.1, end: 0.4 },
          { word: 'morning', start: 0.5, end: 1 },
        ],
      },
      100,
    );
    expect(words).to.deep.equal([
      { text: 'Good', start: 100.1, end: 100.4, confidence: 0.8 },
      { text: 'morning', start: 100.5, end: 101, confidence: 0.8 },
    ]);
    expect(() => transcriptionWords({ text: 'words but no times' }, 0)).to.throw(/without word times/);
    // whisper.cpp without --convert answers 200 with an error for Opus audio.
    expect(() => transcriptionWords({ error: 'failed to read WAV file' }, 0)).to.throw(/refused.*--convert/);
  });
});
