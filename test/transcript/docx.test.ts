import { expect } from 'chai';
import JSZip from 'jszip';
import { mergeTranscript, renderDocx, type Transcript } from '../../server/transcript/index.ts';
import { input } from './helpers.ts';

interface Run {
  text: string;
  bold: boolean;
}

const unescapeXml = (s: string): string =>
  s.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? '',
  );

/** The paragraphs of word/document.xml as lists of runs (text and boldness). */
async function readDocx(bytes: Buffer): Promise<{ xml: string; paragraphs: Run[][] }> {
  const zip = await JSZip.loadAsync(bytes);
  expect(zip.file('[Content_Types].xml'), 'a Word package').to.not.equal(null);
  const xml = await zip.file('word/document.xml')!.async('string');
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((r) => ({
      bold: /<w:b\/>/.test(r[1]),
      text: unescapeXml([...r[1].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
    })),
  );
  return { xml, paragraphs };
}

function meeting(text: string): Transcript {
  return mergeTranscript(
    input(
      [
        {
          index: 0,
          start: 0,
          end: 30,
          turns: [
            { speaker: 'S1', start: 2, text: 'Welcome to the review.' },
            { speaker: 'S2', start: 75.5, text: 'placeholder' },
          ],
        },
        { index: 1, start: 30, end: 90, turns: [{ speaker: 'S2', start: 64, text }] },
      ],
      { durationSec: 90, title: 'Quarterly review' },
      { S1: 'Budi', S2: 'Sari & Co' },
    ),
  );
}

describe('transcript docx', () => {
  it('is a Word document with a title, a details table and bold speaker names after timestamps', async () => {
    const { xml, paragraphs } = await readDocx(
      await renderDocx(meeting('Numbers are up [inaudible] again.')),
    );
    expect(xml).to.match(/<w:pStyle w:val="Title"\/><\/w:pPr><w:r><w:t[^>]*>Quarterly review<\/w:t>/);
    expect(xml).to.include('<w:tbl>');
    const cells = paragraphs.map((runs) => runs.map((r) => r.text).join(''));
    for (const [label, value] of [
      ['Title', 'Quarterly review'],
      ['File', 'weekly-sync.m4a'],
      ['Date', '2025-01-05 10:00 UTC'],
      ['Duration', '00:01:30'],
      ['Language', 'en'],
      ['Speakers', 'Budi, Sari & Co'],
    ]) {
      const at = cells.indexOf(label);
      expect(at, label).to.be.greaterThan(0);
      expect(cells[at + 1], label).to.equal(value);
    }
    const turns = paragraphs.filter((runs) => /^\[\d\d:\d\d:\d\d\] $/.test(runs[0]?.text ?? ''));
    expect(turns).to.deep.equal([
      [
        { text: '[00:00:02] ', bold: false },
        { text: 'Budi:', bold: true },
        { text: ' Welcome to the review.', bold: false },
      ],
      [
        { text: '[00:00:30] ', bold: false },
        { text: 'Sari & Co:', bold: true },
        { text: ' placeholder Numbers are up [inaudible] again.', bold: false },
      ],
    ]);
  });

  it('keeps script tags as literal, XML-escaped text', async () => {
    const { xml, paragraphs } = await readDocx(
      await renderDocx(meeting('<script>alert(1)</script> & "quotes"')),
    );
    expect(xml).to.not.include('<script');
    expect(xml).to.include('&lt;script&gt;alert(1)&lt;/script&gt; &amp;');
    expect(paragraphs.flat().map((r) => r.text)).to.include(
      ' placeholder <script>alert(1)</script> & "quotes"',
    );
  });
});
