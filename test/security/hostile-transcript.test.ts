import { expect } from 'chai';
import JSZip from 'jszip';
import { startServer, makeWorld, until, type TestServer, type World } from '../helpers/server.ts';
import { seedRecording } from '../helpers/seed.ts';
import type { Reply } from '../helpers/api.ts';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

describe('hostile transcript text, submitted and approved through the workflow, in every export', () => {
  let srv: TestServer;
  let w: World;
  let recordingId: string;
  const got: Record<string, Reply> = {};

  before(async () => {
    srv = await startServer();
    w = await makeWorld(srv, 1);
    // Stored as hostile as it comes: the title bypasses upload cleaning to test the exports' own escaping.
    const { recording } = await seedRecording(srv, w.orgA, {
      segments: 1,
      segmentSec: 30,
      title: `Board ${SCRIPT} \u202Egnitee\u202C "q" \r\nX-Injected: 1`,
      participants: [IMG, 'Sari'],
    });
    recordingId = recording._id;
    const t = w.transcribers[0];
    const { segment } = await t.ok('POST', '/api/work/claim');
    const turns = [
      {
        speaker: `Budi ${IMG}`,
        start: segment.start + 1,
        text: `Before ${SCRIPT} the price is \u202Ekcab\u202C, ${IMG} & "quoted" done.`,
      },
      {
        speaker: 'Sari\u202E',
        start: segment.start + 5,
        text: `\u2066isolated\u2069 </v><v Mallory> {\\an8} <b>bold</b> ]]><!-- -->`,
      },
    ];
    await t.ok('POST', `/api/segments/${segment.id}/submit`, { turns, version: segment.version });
    const claimed = await w.reviewer.ok('POST', '/api/review/claim');
    await w.reviewer.ok('POST', `/api/segments/${claimed.segment.id}/approve`, {
      version: claimed.segment.version,
    });
    await until(
      async () =>
        (await w.clientA.ok('GET', `/api/recordings/${recordingId}`)).recording.status === 'completed',
      30_000,
      'completed',
    );
    for (const f of ['txt', 'json', 'srt', 'vtt', 'docx'])
      got[f] = await w.clientA.req('GET', `/api/recordings/${recordingId}/transcript?format=${f}`);
  });
  after(() => srv?.stop());

  it('serves every format as an attachment the browser will not sniff, with a safe file name', () => {
    for (const [f, r] of Object.entries(got)) {
      expect(r.status, `${f}: ${r.text.slice(0, 200)}`).to.equal(200);
      expect(r.headers.get('x-content-type-options'), f).to.equal('nosniff');
      const cd = r.headers.get('content-disposition') ?? '';
      expect(cd, f).to.match(/^attachment;/);
      expect(r.headers.get('x-injected'), f).to.equal(null);
      // The quoted ASCII fallback must not close early; the UTF-8 form is percent-encoded.
      const quoted = /filename="([^"]*)"/.exec(cd)?.[1] ?? '';
      expect(quoted, f).to.not.match(/[<>\\\r\n]/);
      expect(decodeURIComponent(/filename\*=UTF-8''([^;]*)/i.exec(cd)?.[1] ?? ''), f).to.not.match(BIDI);
    }
    expect(got.txt.headers.get('content-type')).to.match(/^text\/plain/);
    expect(got.json.headers.get('content-type')).to.match(/^application\/json/);
  });

  it('drops bidi overrides and isolates from every format, keeping the letters', async () => {
    const docx = await JSZip.loadAsync(Buffer.from(await docxBytes()));
    const texts: Record<string, string> = {
      txt: got.txt.text,
      json: got.json.text,
      srt: got.srt.text,
      vtt: got.vtt.text,
      'docx document': await docx.file('word/document.xml')!.async('string'),
      'docx core': await docx.file('docProps/core.xml')!.async('string'),
    };
    for (const [f, text] of Object.entries(texts)) {
      expect(BIDI.test(text), `${f}: ${JSON.stringify(text.match(BIDI))}`).to.equal(false);
      if (f !== 'docx core') expect(text, f).to.include('kcab').and.include('isolated');
    }
  });

  it('keeps the script tag as visible text: plain in txt, escaped in json, vtt and docx, defused in srt', async () => {
    expect(got.txt.text).to.include(SCRIPT);
    expect(got.json.text).to.not.match(/[<>]/);
    const json = JSON.parse(got.json.text);
    expect(json.turns.map((t: { text: string }) => t.text).join(' '))
      .to.include(SCRIPT)
      .and.include(IMG);
    const vtt = got.vtt.text;
    expect(vtt).to.not.match(/<script|<img|<b>|<\/v><v Mallory>/);
    expect(vtt).to.include('&lt;script&gt;');
    const srtText = got.srt.text
      .split('\n')
      .filter((l) => !/^\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}$/.test(l))
      .join('\n');
    expect(srtText).to.not.match(/[<>{}]/);
    expect(srtText).to.include('script');
    const doc = await (
      await JSZip.loadAsync(Buffer.from(await docxBytes()))
    )
      .file('word/document.xml')!
      .async('string');
    expect(doc).to.not.match(/<script|<img|<b>|<!--|\]\]>/);
    expect(doc).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('returns the raw text through the API only as JSON the browser will not sniff', async () => {
    const r = await srv.admin.req('GET', `/api/review/recordings/${recordingId}`);
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.match(/^application\/json/);
    expect(r.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(r.headers.get('content-security-policy')).to.match(/script-src 'self'/);
  });

  it('stores turns without bidi overrides or isolates, so no page can show them reordered', async () => {
    const r = await srv.admin.req('GET', `/api/review/recordings/${recordingId}`);
    const turns = r.body.segments.flatMap((s: { turns: { speaker: string; text: string }[] }) => s.turns);
    expect(turns.map((t: { text: string }) => t.text).join(' '))
      .to.include('kcab')
      .and.include(SCRIPT);
    for (const t of turns) expect(BIDI.test(t.speaker + t.text), JSON.stringify(t)).to.equal(false);
  });

  async function docxBytes(): Promise<ArrayBuffer> {
    const res = await fetch(`${srv.url}/api/recordings/${recordingId}/transcript?format=docx`, {
      headers: { cookie: w.clientA.cookie! },
    });
    expect(res.status).to.equal(200);
    return res.arrayBuffer();
  }
});
