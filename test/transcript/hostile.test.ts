import { expect } from 'chai';
import JSZip from 'jszip';
import {
  mergeTranscript,
  renderDocx,
  renderJson,
  renderSrt,
  renderTxt,
  renderVtt,
  type Transcript,
} from '../../server/transcript/index.ts';
import { expectValidCues, input, parseSrt, parseVtt } from './helpers.ts';

const SCRIPT = '<script>alert(1)</script>';
const INJECTED_CUE =
  '\n\n99\n00:00:00,000 --> 00:00:59,000\nInjected\n\n00:00:00.000 --> 00:00:59.000\nAlso injected';
// Bidi overrides/embeddings/isolates, C0 and C1 controls, DEL, BOM, a lone surrogate.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  /[\u202A-\u202E\u2066-\u2069\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/;

function hostile(): Transcript {
  return mergeTranscript(
    input(
      [
        {
          index: 0,
          start: 0,
          end: 60,
          turns: [
            { speaker: 'S1', start: 1, text: `Before ${SCRIPT} after [inaudible].` },
            {
              speaker: 'S2',
              start: 10,
              text: 'price \u202Ekcab\u202C is \u2066isolated\u2069, bell\u0007 nul\u0000 c1\u0085 bom\uFEFF half\uD800',
            },
            { speaker: 'S1', start: 20, text: `line one${INJECTED_CUE}` },
            {
              speaker: 'S3',
              start: 30,
              text: '{\\an8}<i>italic</i> <font color="red">red</font> &amp; &lt;',
            },
            {
              speaker: 'S2',
              start: 40,
              text: 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(3) + ' 日本語のテキスト 🎉',
            },
          ],
        },
      ],
      { title: `Board ${SCRIPT} \u202Emeeting -->\n\nNOTE x` },
      { S1: 'Budi</v><v Mallory>', S2: 'Sari\u202E & <Co>', S3: '' },
    ),
  );
}

describe('transcript exports with hostile text', () => {
  it('strip bidi overrides, control characters and lone surrogates from every format', async () => {
    const t = hostile();
    const docx = await JSZip.loadAsync(await renderDocx(t));
    const outputs: Record<string, string> = {
      txt: renderTxt(t),
      srt: renderSrt(t),
      vtt: renderVtt(t),
      json: renderJson(t),
      docx: await docx.file('word/document.xml')!.async('string'),
      'docx core': await docx.file('docProps/core.xml')!.async('string'),
    };
    for (const [format, out] of Object.entries(outputs)) {
      expect(INVISIBLE.test(out), `${format}: ${JSON.stringify(out.match(INVISIBLE))}`).to.equal(false);
      if (format !== 'docx core') expect(out, format).to.include('kcab');
    }
    expect(JSON.parse(outputs.json).turns[1].text).to.equal(
      'price kcab is isolated, bell nul c1 bom half\uFFFD',
    );
  });

  it('keep [inaudible] and script tags as visible text in txt, json and vtt', () => {
    const t = hostile();
    expect(renderTxt(t)).to.include(`[00:00:01] Budi</v><v Mallory>: Before ${SCRIPT} after [inaudible].`);
    expect(JSON.parse(renderJson(t)).turns[0].text).to.equal(`Before ${SCRIPT} after [inaudible].`);
    expect(renderJson(t)).to.not.match(/[<>]/);
    const vtt = renderVtt(t);
    expect(vtt).to.not.include('<script');
    expect(vtt).to.not.include('<i>');
    const cues = parseVtt(vtt);
    const shown = cues.map((c) => c.lines.join(' ')).join(' ');
    expect(shown).to.include(`Before ${SCRIPT} after [inaudible].`);
    expect(shown).to.include('{\\an8}<i>italic</i> <font color="red">red</font> &amp; &lt;');
    expect(cues[0].voice).to.equal('Budi</v><v Mallory>');
    expect(new Set(cues.map((c) => c.voice))).to.deep.equal(
      new Set(['Budi</v><v Mallory>', 'Sari & <Co>', 'S3']),
    );
  });

  it('leave no markup or override tags for an SRT player to interpret', () => {
    const srt = renderSrt(hostile());
    const text = parseSrt(srt)
      .map((c) => c.lines.join(' '))
      .join(' ');
    const textLines = srt
      .split('\n')
      .filter((l) => !/^\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}$/.test(l));
    expect(textLines.join('\n')).to.not.match(/[<>{}]/);
    expect(text).to.include('Before \u2039script\u203Aalert(1)\u2039/script\u203A after [inaudible].');
    expect(text).to.include('(\\an8)\u2039i\u203Aitalic\u2039/i\u203A');
  });

  it('cannot inject cues or end a NOTE early through text or title', () => {
    const t = hostile();
    for (const cues of [parseSrt(renderSrt(t)), parseVtt(renderVtt(t))]) {
      expectValidCues(cues, 60);
      expect(cues.some((c) => c.start === 0 && c.end === 59)).to.equal(false);
      expect(cues.some((c) => c.lines[0].startsWith('Injected'))).to.equal(false);
      expect(cues.map((c) => c.lines.join(' ')).join(' ')).to.include('Also injected');
    }
    const vtt = renderVtt(t);
    expect(vtt.split('\n').slice(0, 3)).to.deep.equal([
      'WEBVTT',
      '',
      'NOTE Board &lt;script&gt;alert(1)&lt;/script&gt; meeting -&gt; NOTE x',
    ]);
  });
});
