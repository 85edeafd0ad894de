import { expect } from 'chai';
import fc from 'fast-check';
import {
  mergeTranscript,
  renderSrt,
  renderVtt,
  settleCues,
  type Cue,
} from '../../server/transcript/index.ts';
import { expectValidCues, input, parseSrt, parseVtt } from './helpers.ts';

const word = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'the',
      'budget',
      '[inaudible]',
      '[unclear: maybe]',
      'ok.',
      '日本語の会議',
      '👩‍👩‍👧‍👦',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '<script>',
      '</v>',
      '&amp;',
      '-->',
      '\u202E',
      '\u0000',
      '\n\n',
      'x'.repeat(95),
      '{\\an8}',
    ),
  },
);
const text = fc.array(word, { maxLength: 60 }).map((w) => w.join(' '));

const recording = fc
  .record({
    duration: fc.double({ min: 1, max: 4000, noNaN: true }),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
    turns: fc.array(
      fc.record({
        speaker: fc.constantFrom('S1', 'S2', 'S3', '<b>', ''),
        at: fc.double({ min: -0.1, max: 1.1, noNaN: true }),
        text,
      }),
      { maxLength: 25 },
    ),
  })
  .map(({ duration, cuts, turns }) => {
    // Segments that tile [0, duration); each turn goes to the segment its (relative) time falls in.
    const bounds = [0, ...cuts.map((c) => c * duration).sort((a, b) => a - b), duration];
    const segments = bounds.slice(0, -1).map((start, index) => ({
      index,
      start,
      end: bounds[index + 1],
      turns: turns
        .filter((t) => {
          const s = Math.min(Math.max(t.at * duration, 0), duration - 1e-9);
          return s >= start && (s < bounds[index + 1] || index === bounds.length - 2);
        })
        .map((t) => ({ speaker: t.speaker, start: t.at * duration, text: t.text })),
    }));
    return { duration, transcript: mergeTranscript(input(segments.reverse(), { durationSec: duration })) };
  });

const squash = (s: string): string => s.replace(/\s+/g, '');

describe('subtitle cue building (property)', () => {
  it('always yields parseable cues within the limits that show every character typed', () => {
    fc.assert(
      fc.property(recording, ({ duration, transcript }) => {
        const vttCues = parseVtt(renderVtt(transcript));
        expectValidCues(vttCues, duration);
        expect(squash(vttCues.map((c) => c.lines.join('')).join(''))).to.equal(
          squash(transcript.turns.map((t) => t.text).join('')),
        );
        expect(vttCues.every((c) => c.voice !== undefined && c.voice !== '')).to.equal(true);
        const srtCues = parseSrt(renderSrt(transcript));
        expectValidCues(srtCues, duration);
        expect(srtCues.length).to.be.at.least(vttCues.length);
      }),
      { numRuns: 150 },
    );
  });

  it('settles any cue list into sorted, non-overlapping cues of 1 ms to 7 s inside the recording', () => {
    const cue = fc.record({
      startMs: fc.integer({ min: -5000, max: 100_000 }),
      length: fc.integer({ min: -1000, max: 20_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(cue, { maxLength: 80 }),
        fc.integer({ min: 80, max: 90_000 }),
        (raw, durationMs) => {
          const cues: Cue[] = raw.map((c, i) => ({
            startMs: c.startMs,
            endMs: c.startMs + c.length,
            speaker: 'A',
            lines: [String(i)],
          }));
          const settled = settleCues(cues, durationMs, 7000);
          expect(settled.map((c) => c.lines[0]).sort()).to.deep.equal(cues.map((c) => c.lines[0]).sort());
          settled.forEach((c, i) => {
            expect(c.startMs).to.be.at.least(i === 0 ? 0 : settled[i - 1].endMs);
            expect(c.endMs - c.startMs).to.be.within(1, 7000);
            expect(c.endMs).to.be.at.most(durationMs);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
