import { expect } from 'chai';
import JSZip from 'jszip';
import { mergeTranscript, renderDocx, renderTxt, type Transcript } from '../../server/transcript/index.ts';
import { input } from './helpers.ts';

/** Budi speaks for two minutes (one turn per 30 s segment, merged into one paragraph), then Sari once. */
function longTurn(): Transcript {
  const words = (from: number) => Array.from({ length: 10 }, (_, i) => `w${from + i}`).join(' ');
  return mergeTranscript(
    input(
      [0, 1, 2, 3].map((i) => ({
        index: i,
        start: i * 30,
        end: (i + 1) * 30,
        turns:
          i === 3
            ? [{ speaker: 'S2', start: 95, text: 'Thanks.' }]
            : [{ speaker: 'S1', start: i * 30 + 1, text: words(i * 10) }],
      })),
      { durationSec: 120 },
      { S1: 'Budi', S2: 'Sari' },
    ),
  );
}

const bodyOf = (txt: string): string[] =>
  txt
    .split('\n\n')
    .slice(1)
    .map((p) => p.trim());

describe('transcript timestamps (txt and docx)', () => {
  it('stamps every turn by default, as before', () => {
    const body = bodyOf(renderTxt(longTurn()));
    expect(body[0]).to.match(/^\[00:00:01\] Budi: w0 w1 .* w29$/);
    expect(body[1]).to.equal('[00:01:35] Sari: Thanks.');
  });

  it('adds a stamp inside a long turn at every 30 s mark it runs past', () => {
    const [budi, sari] = bodyOf(renderTxt(longTurn(), '30'));
    const stamps = [...budi.matchAll(/\[(\d\d:\d\d:\d\d)\]/g)].map((m) => m[1]);
    expect(stamps).to.deep.equal(['00:00:01', '00:00:31', '00:01:01']);
    expect(budi).to.include('w9 [00:00:31] w10');
    expect(budi).to.include('w19 [00:01:01] w20');
    expect(sari).to.equal('[00:01:35] Sari: Thanks.');
  });

  it('adds fewer stamps every 60 s, and none at all with none', () => {
    const [budi] = bodyOf(renderTxt(longTurn(), '60'));
    expect([...budi.matchAll(/\[\d\d:\d\d:\d\d\]/g)]).to.have.length(2);
    expect(budi).to.include('w19 [00:01:01] w20');
    const none = bodyOf(renderTxt(longTurn(), 'none'));
    expect(none[0]).to.match(/^Budi: w0 w1/);
    expect(none.join('\n')).to.not.match(/\[\d\d:/);
  });

  it('writes the same stamps into the Word document', async () => {
    const text = async (mode: 'turn' | '30' | 'none') => {
      const zip = await JSZip.loadAsync(await renderDocx(longTurn(), mode));
      const xml = await zip.file('word/document.xml')!.async('string');
      return [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    };
    expect(await text('30'))
      .to.include('[00:00:31]')
      .and.include('[00:01:01]');
    expect(await text('turn')).to.not.include('[00:00:31]');
    expect(await text('none')).to.not.match(/\[\d\d:\d\d:\d\d\]/);
  });
});
