import { expect } from 'chai';
import { parseDraft, MAX_DRAFT_BYTES } from '../../../server/drafts/formats/index.ts';
import { InvalidDraftError } from '../../../server/errors.ts';

const bytes = (s: string | object): Uint8Array =>
  Buffer.from(typeof s === 'string' ? s : JSON.stringify(s), 'utf8');

function refused(input: Uint8Array, format?: string): InvalidDraftError {
  try {
    parseDraft(input, format);
  } catch (e) {
    expect(e).to.be.instanceOf(InvalidDraftError);
    return e as InvalidDraftError;
  }
  throw new Error('the draft was accepted');
}

describe('draft formats', () => {
  it('reads WhisperX, filling the times of unaligned words from their neighbours', () => {
    const d = parseDraft(
      bytes({
        segments: [
          {
            start: 1,
            end: 4,
            text: 'It costs 20 dollars',
            speaker: 'SPEAKER_00',
            words: [
              { word: 'It', start: 1, end: 1.2, score: 0.9 },
              { word: 'costs', start: 1.3, end: 1.8, score: 0.8, speaker: 'SPEAKER_01' },
              { word: '20' },
              { word: 'dollars', start: 2.5, end: 3, score: 0.7 },
            ],
          },
        ],
      }),
    );
    expect(d.format).to.equal('whisperx');
    expect(d.words.map((w) => [w.text, w.start, w.end])).to.deep.equal([
      ['It', 1, 1.2],
      ['costs', 1.3, 1.8],
      ['20', 1.8, 2.5],
      ['dollars', 2.5, 3],
    ]);
    expect(d.words[0].speaker).to.equal('SPEAKER_00');
    expect(d.words[1].speaker).to.equal('SPEAKER_01');
    expect(d.words[2].confidence).to.equal(undefined);
  });

  it('reads AssemblyAI times as milliseconds', () => {
    const d = parseDraft(
      bytes({ id: 'x', words: [{ text: 'Hello', start: 1500, end: 1900, confidence: 0.98, speaker: 'A' }] }),
    );
    expect(d.format).to.equal('assemblyai');
    expect(d.words[0]).to.include({ text: 'Hello', start: 1.5, end: 1.9, confidence: 0.98, speaker: 'A' });
  });

  it('reads Deepgram, preferring the punctuated word', () => {
    const d = parseDraft(
      bytes({
        results: {
          channels: [
            {
              alternatives: [
                {
                  words: [
                    {
                      word: 'hello',
                      punctuated_word: 'Hello,',
                      start: 0.5,
                      end: 0.9,
                      confidence: 0.9,
                      speaker: 0,
                    },
                    { word: 'budi', start: 1, end: 1.4, confidence: 0.6, speaker: 1 },
                  ],
                },
              ],
            },
          ],
        },
      }),
    );
    expect(d.format).to.equal('deepgram');
    expect(d.words.map((w) => w.text)).to.deep.equal(['Hello,', 'budi']);
    expect(d.words[1].speaker).to.equal('Speaker 1');
  });

  it('reads ElevenLabs Scribe, skipping spacing and keeping audio events as tags', () => {
    const d = parseDraft(
      bytes({
        language_code: 'en',
        words: [
          { text: 'Hi', start: 0, end: 0.3, type: 'word', speaker_id: 'speaker_0', logprob: -0.1 },
          { text: ' ', start: 0.3, end: 0.4, type: 'spacing', speaker_id: 'speaker_0' },
          { text: '(laughter)', start: 0.4, end: 1, type: 'audio_event', speaker_id: 'speaker_1' },
        ],
      }),
    );
    expect(d.format).to.equal('elevenlabs');
    expect(d.words.map((w) => w.text)).to.deep.equal(['Hi', '[laughter]']);
    expect(d.words[0].confidence).to.be.closeTo(Math.exp(-0.1), 1e-9);
    expect(d.words[1].speaker).to.equal('speaker_1');
  });

  it('reads Rev/Gecko monologues, gluing punctuation to the word before', () => {
    const d = parseDraft(
      bytes({
        monologues: [
          {
            speaker: { id: 'spk1', name: 'Sari' },
            terms: [
              { start: 2, end: 2.4, text: 'Yes', type: 'WORD', confidence: 0.95 },
              { text: '.', type: 'PUNCTUATION' },
            ],
          },
          { speaker: 2, elements: [{ type: 'text', value: 'No', ts: 3, end_ts: 3.2, confidence: 0.5 }] },
        ],
      }),
    );
    expect(d.format).to.equal('rev');
    expect(d.words.map((w) => [w.text, w.speaker])).to.deep.equal([
      ['Yes.', 'Sari'],
      ['No', 'Speaker 2'],
    ]);
  });

  it('reads WebVTT with voice spans, spreading each cue over its words', () => {
    const d = parseDraft(
      bytes(
        'WEBVTT\n\nNOTE made by a tool\n\n1\n00:00:01.000 --> 00:00:03.000\n<v Budi>Good morning</v>\n\n00:03.000 --> 00:04.000\n<v Sari>Hi &amp; welcome\n',
      ),
    );
    expect(d.format).to.equal('vtt');
    expect(d.words.map((w) => [w.text, w.speaker])).to.deep.equal([
      ['Good', 'Budi'],
      ['morning', 'Budi'],
      ['Hi', 'Sari'],
      ['&', 'Sari'],
      ['welcome', 'Sari'],
    ]);
    expect(d.words[0].start).to.equal(1);
    expect(d.words[1].end).to.equal(3);
  });

  it('reads SRT with "Name:" prefixes', () => {
    const d = parseDraft(
      bytes('1\n00:00:05,000 --> 00:00:06,000\nBudi: Thank you.\n\n2\n00:00:06,500 --> 00:00:07,000\nOkay\n'),
    );
    expect(d.format).to.equal('srt');
    expect(d.words.map((w) => [w.text, w.speaker])).to.deep.equal([
      ['Thank', 'Budi'],
      ['you.', 'Budi'],
      ['Okay', undefined],
    ]);
  });

  it('reads RTTM field 5 as a duration, not an end time', () => {
    const d = parseDraft(
      bytes(
        'SPEAKER meeting 1 10.50 2.25 <NA> <NA> spk_a <NA> <NA>\nSPEAKER meeting 1 13.00 1.00 <NA> <NA> Budi <NA> <NA>\n',
      ),
    );
    expect(d.format).to.equal('rttm');
    expect(d.spans.map((s) => [s.speaker, s.start, s.end])).to.deep.equal([
      ['spk_a', 10.5, 12.75],
      ['Budi', 13, 14],
    ]);
  });

  it('refuses each kind of broken file, naming the line or field', () => {
    expect(refused(bytes({ words: [{ text: 'a', start: -5, end: 10, confidence: 1 }] })).where).to.equal(
      'words[0].start',
    );
    expect(
      refused(bytes({ segments: [{ start: 0, end: 1, words: [{ word: 'a', start: 2, end: 1 }] }] })).where,
    ).to.equal('segments[0].words[0]');
    expect(
      refused(
        bytes({
          words: [
            { text: 'a', start: 0, end: 50000, confidence: 0.3 },
            { text: 'b', start: 900, end: 901 },
          ],
        }),
      ).where,
    ).to.equal('words[0]');
    const shuffled = refused(
      bytes({
        words: [
          { text: 'a', start: 50000, end: 50400 },
          { text: 'b', start: 1000, end: 1200 },
        ],
      }),
    );
    expect(shuffled.where).to.equal('words[1]');
    expect(refused(bytes({ words: [{ text: 'a', start: 0, end: 1, confidence: 7 }] })).where).to.equal(
      'words[0].confidence',
    );
    expect(refused(bytes('WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nhi\n')).where).to.equal('line 3');
    expect(refused(bytes('1\n00:00:05,000 --> 00:00:04,000\nBudi: no\n')).where).to.equal(
      'The cue at line 2',
    );
    expect(refused(bytes('SPEAKER m 1 1.0 -2 <NA> <NA> a <NA> <NA>\n')).where).to.equal('line 1');
    expect(refused(bytes('{"words": [')).message).to.match(/not valid JSON/);
    expect(refused(bytes('{"hello": 1}')).message).to.match(/no known tool/);
    expect(refused(bytes('just some notes\nnothing else'))).to.have.property('where', 'line 1');
    expect(refused(bytes({ segments: [] }), 'srt').message).to.match(/cue/);
    expect(refused(bytes('x'), 'otter').where).to.equal('format');
  });

  it('refuses invalid UTF-8, deep nesting and files over 50 MB before parsing them', () => {
    const bad = Buffer.concat([
      bytes('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n'),
      Buffer.from([0xc3, 0x28]),
    ]);
    const e = refused(bad);
    expect(e.message).to.match(/UTF-8/);
    expect(e.where).to.equal('line 4');
    expect(refused(bytes('['.repeat(100_000) + ']'.repeat(100_000))).message).to.match(/nests deeper/);
    expect(refused(new Uint8Array(MAX_DRAFT_BYTES + 1)).message).to.match(/larger than 50 MB/);
  });
});
