import { expect } from 'chai';
import { mergeTranscript, renderSrt, renderVtt, type Transcript } from '../../server/transcript/index.ts';
import { expectValidCues, input, parseSrt, parseVtt } from './helpers.ts';

const LONG =
  'So the plan for the third quarter is to move the warehouse to Surabaya, hire two more drivers, ' +
  'and renegotiate the contract with the shipping company before the end of September, because ' +
  'the current rates are simply too high for the volume we expect next year.';

function meeting(): Transcript {
  return mergeTranscript(
    input(
      [
        {
          index: 0,
          start: 0,
          end: 30,
          turns: [
            { speaker: 'S1', start: 1, text: 'Good morning.' },
            { speaker: 'S2', start: 3, text: LONG },
            { speaker: 'S1', start: 27, text: 'Right, and' },
          ],
        },
        {
          index: 1,
          start: 30,
          end: 60,
          turns: [
            { speaker: 'S1', start: 30, text: 'the [inaudible] budget?' },
            { speaker: 'S2', start: 31, text: 'Approved. ' + LONG },
            { speaker: 'S1', start: 59.8, text: 'Thanks, bye.' },
          ],
        },
      ],
      { durationSec: 60 },
      { S1: 'Budi', S2: 'Sari' },
    ),
  );
}

const allText = (cues: { lines: string[] }[]): string => cues.map((c) => c.lines.join(' ')).join(' ');

describe('transcript subtitles', () => {
  it('writes SRT that a subtitle parser reads back within the cue limits', () => {
    const srt = renderSrt(meeting());
    expect(srt).to.match(/^1\n00:00:01,000 --> 00:00:0\d,\d{3}\nBudi: Good morning\.\n\n2\n/);
    const cues = parseSrt(srt);
    expect(cues.length).to.be.greaterThan(8);
    expectValidCues(cues, 60);
    const text = allText(cues);
    expect(text).to.include('Budi: Good morning.');
    expect(text).to.include('Sari: So the plan');
    expect(text).to.include('[inaudible]');
    // Every word typed reaches the subtitles, in order.
    expect(text.replace(/(Budi|Sari): /g, '').split(/\s+/)).to.deep.equal(
      meeting()
        .turns.map((t) => t.text)
        .join(' ')
        .split(/\s+/),
    );
  });

  it('names the speaker once per paragraph in SRT, even across a seam', () => {
    const cues = parseSrt(renderSrt(meeting()));
    const named = cues.filter((c) => /^(Budi|Sari): /.test(c.lines[0])).map((c) => c.lines[0].split(':')[0]);
    expect(named).to.deep.equal(['Budi', 'Sari', 'Budi', 'Sari', 'Budi']);
  });

  it('writes WebVTT that a WebVTT parser accepts without errors, with a voice per cue', () => {
    const vtt = renderVtt(meeting());
    expect(vtt.startsWith('WEBVTT\n\nNOTE Weekly sync\n\n')).to.equal(true);
    const cues = parseVtt(vtt);
    expectValidCues(cues, 60);
    expect(cues[0]).to.deep.include({ start: 1, voice: 'Budi', lines: ['Good morning.'] });
    expect(new Set(cues.map((c) => c.voice))).to.deep.equal(new Set(['Budi', 'Sari']));
    expect(allText(cues)).to.include('the [inaudible] budget?');
    expect(cues.at(-1)).to.deep.include({ voice: 'Budi', lines: ['Thanks, bye.'] });
    expect(cues.at(-1)?.end).to.equal(60);
  });

  it('keeps the timing of each turn: a cue starts when its turn starts', () => {
    const cues = parseVtt(renderVtt(meeting()));
    const starts = cues.map((c) => c.start);
    for (const t of [1, 3, 27, 30, 31]) expect(starts, `turn at ${t}s`).to.include(t);
    expect(cues.find((c) => c.start === 30)?.lines.join(' ')).to.equal('the [inaudible] budget?');
  });

  it('does not stretch a short remark over the silence after it', () => {
    const t = mergeTranscript(
      input([
        {
          index: 0,
          start: 0,
          end: 60,
          turns: [
            { speaker: 'A', start: 2, text: 'Yes.' },
            { speaker: 'B', start: 50, text: 'Finally.' },
          ],
        },
      ]),
    );
    // 150 ms per column of "A: Yes." and "B: Finally.", at least 1 s.
    expect(parseSrt(renderSrt(t)).map((c) => [c.start, c.end])).to.deep.equal([
      [2, 3.05],
      [50, 51.65],
    ]);
    expect(parseVtt(renderVtt(t)).map((c) => [c.start, c.end])).to.deep.equal([
      [2, 3],
      [50, 51.2],
    ]);
  });

  it('squeezes cues into a crowded end of the recording instead of overlapping or overrunning it', () => {
    const t = mergeTranscript(
      input(
        [
          {
            index: 0,
            start: 0,
            end: 10,
            turns: [
              { speaker: 'A', start: 9.99, text: LONG },
              { speaker: 'B', start: 10, text: 'Me too.' },
              { speaker: 'A', start: 10, text: 'Done.' },
            ],
          },
        ],
        { durationSec: 10 },
      ),
    );
    for (const cues of [parseSrt(renderSrt(t)), parseVtt(renderVtt(t))]) {
      expectValidCues(cues, 10);
      expect(allText(cues)).to.include('Done.');
    }
  });

  it('breaks words longer than a line and keeps CJK and emoji whole', () => {
    const cjk =
      '我们下季度的计划是把仓库搬到泗水再雇两名司机并且在九月底之前和运输公司重新谈判合同因为现在的价格太高了';
    const t = mergeTranscript(
      input([
        {
          index: 0,
          start: 0,
          end: 60,
          turns: [
            { speaker: 'A', start: 0, text: 'https://example.com/' + 'x'.repeat(120) + ' ok' },
            { speaker: 'B', start: 20, text: cjk + ' 👩‍👩‍👧‍👦🎉 ' + 'é'.normalize('NFD').repeat(50) },
          ],
        },
      ]),
    );
    for (const cues of [parseSrt(renderSrt(t)), parseVtt(renderVtt(t))]) {
      expectValidCues(cues, 60);
      const text = cues.map((c) => c.lines.join('')).join('');
      expect(text).to.include('x'.repeat(30));
      expect(text).to.include('👩‍👩‍👧‍👦🎉');
      expect(text.replace(/\s/g, '')).to.include(cjk);
    }
  });
});
