import { expect } from 'chai';
import { mergeTranscript, UNKNOWN_SPEAKER } from '../../server/transcript/index.ts';
import { input } from './helpers.ts';

describe('transcript merge', () => {
  it('joins one speaker talking across a segment seam into one paragraph', () => {
    const t = mergeTranscript(
      input([
        {
          index: 0,
          start: 0,
          end: 30,
          turns: [
            { speaker: 'Speaker 1', start: 1, text: 'Good morning.' },
            { speaker: 'Speaker 2', start: 20, text: 'Shall we start' },
          ],
        },
        {
          index: 1,
          start: 30,
          end: 60,
          turns: [
            { speaker: 'Speaker 2', start: 30.2, text: 'with the budget?' },
            { speaker: 'Speaker 1', start: 40, text: 'Yes.' },
          ],
        },
      ]),
    );
    expect(t.turns.map(({ speaker, start, end, text }) => ({ speaker, start, end, text }))).to.deep.equal([
      { speaker: 'Speaker 1', start: 1, end: 20, text: 'Good morning.' },
      { speaker: 'Speaker 2', start: 20, end: 40, text: 'Shall we start with the budget?' },
      { speaker: 'Speaker 1', start: 40, end: 60, text: 'Yes.' },
    ]);
    expect(t.turns[1].segmentIndexes).to.deep.equal([0, 1]);
    expect(t.turns[1].parts).to.deep.equal([
      { start: 20, end: 30, text: 'Shall we start' },
      { start: 30.2, end: 40, text: 'with the budget?' },
    ]);
    expect(t.speakers).to.deep.equal(['Speaker 1', 'Speaker 2']);
  });

  it('renames speakers through the map, trimmed, and falls back to the label or "Unknown speaker"', () => {
    const t = mergeTranscript(
      input(
        [
          {
            index: 0,
            start: 0,
            end: 60,
            turns: [
              { speaker: 'Speaker 1', start: 0, text: 'a' },
              { speaker: 'Speaker 2', start: 5, text: 'b' },
              { speaker: 'Speaker 3', start: 10, text: 'c' },
              { speaker: '  ', start: 15, text: 'd' },
              { speaker: 'constructor', start: 20, text: 'e' },
            ],
          },
        ],
        {},
        { 'Speaker 1': '  Budi Santoso ', 'Speaker 2': '   ' },
      ),
    );
    expect(t.turns.map((x) => x.speaker)).to.deep.equal([
      'Budi Santoso',
      'Speaker 2',
      'Speaker 3',
      UNKNOWN_SPEAKER,
      'constructor',
    ]);
  });

  it('merges two labels mapped to the same person into one paragraph', () => {
    const t = mergeTranscript(
      input(
        [
          {
            index: 0,
            start: 0,
            end: 60,
            turns: [
              { speaker: 'S1', start: 0, text: 'one' },
              { speaker: 'S9', start: 5, text: 'two' },
            ],
          },
        ],
        {},
        { S1: 'Budi', S9: 'Budi' },
      ),
    );
    expect(t.turns).to.have.length(1);
    expect(t.turns[0]).to.include({ speaker: 'Budi', text: 'one two', start: 0, end: 60 });
  });

  it('orders segments by index and turns by start, whatever order they arrive in', () => {
    const t = mergeTranscript(
      input([
        {
          index: 1,
          start: 30,
          end: 60,
          turns: [
            { speaker: 'B', start: 50, text: 'fourth' },
            { speaker: 'A', start: 35, text: 'third' },
          ],
        },
        {
          index: 0,
          start: 0,
          end: 30,
          turns: [
            { speaker: 'B', start: 12, text: 'second' },
            { speaker: 'A', start: 3, text: 'first' },
          ],
        },
      ]),
    );
    expect(t.turns.map((x) => x.text)).to.deep.equal(['first', 'second', 'third', 'fourth']);
    expect(t.turns.map((x) => [x.start, x.end])).to.deep.equal([
      [3, 12],
      [12, 30],
      [35, 50],
      [50, 60],
    ]);
  });

  it('snaps starts stamped in the context audio onto the segment and keeps times within the recording', () => {
    const t = mergeTranscript(
      input(
        [
          { index: 0, start: 0, end: 30, turns: [{ speaker: 'A', start: -4, text: 'early' }] },
          {
            index: 1,
            start: 30,
            end: 48,
            turns: [
              { speaker: 'B', start: 27.5, text: 'from the context' },
              { speaker: 'A', start: 99, text: 'past the end' },
              { speaker: 'B', start: Number.NaN, text: 'no time' },
            ],
          },
        ],
        { durationSec: 45 },
      ),
    );
    expect(t.recording.durationSec).to.equal(45);
    expect(t.turns.map((x) => [x.speaker, x.start, x.end, x.text])).to.deep.equal([
      ['A', 0, 30, 'early'],
      ['B', 30, 45, 'from the context no time'],
      ['A', 45, 45, 'past the end'],
    ]);
    for (const turn of t.turns) {
      expect(turn.start).to.be.within(0, 45);
      expect(turn.end).to.be.within(turn.start, 45);
    }
  });

  it('drops empty turns and segments closed as [no speech]', () => {
    const t = mergeTranscript(
      input([
        { index: 0, start: 0, end: 20, turns: [{ speaker: 'A', start: 1, text: 'Before the break.' }] },
        { index: 1, start: 20, end: 40, turns: [{ speaker: '', start: 20, text: ' [No speech] ' }] },
        {
          index: 2,
          start: 40,
          end: 60,
          turns: [
            { speaker: 'B', start: 41, text: '   \n\t ' },
            { speaker: 'A', start: 42, text: 'After [inaudible] the break.' },
          ],
        },
      ]),
    );
    expect(t.turns).to.have.length(1);
    expect(t.turns[0]).to.include({
      speaker: 'A',
      start: 1,
      end: 60,
      text: 'Before the break. After [inaudible] the break.',
    });
    expect(t.turns[0].segmentIndexes).to.deep.equal([0, 2]);
    // The silent segment ends the first part; it is not credited to the speaker.
    expect(t.turns[0].parts?.map((p) => [p.start, p.end])).to.deep.equal([
      [1, 20],
      [42, 60],
    ]);
    expect(t.speakers).to.deep.equal(['A']);
  });

  it('carries the recording details with ISO dates and falls back to the segments when the duration is unknown', () => {
    const t = mergeTranscript(
      input([{ index: 0, start: 0, end: 12.5, turns: [{ speaker: 'A', start: 0, text: 'hi' }] }], {
        durationSec: null,
        completedAt: null,
        title: '  Board\nmeeting ',
      }),
    );
    expect(t.recording).to.deep.equal({
      id: 'rec1',
      title: 'Board meeting',
      filename: 'weekly-sync.m4a',
      language: 'en',
      durationSec: 12.5,
      createdAt: '2025-01-05T10:00:00.000Z',
      completedAt: null,
      participants: ['Budi', 'Sari'],
    });
  });
});
