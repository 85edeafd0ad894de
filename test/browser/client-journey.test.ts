/**
 * A client's whole journey in real Chromium against a real Notula: sign in, upload a spoken
 * meeting (espeak-ng, test/helpers/media.ts) through the page, watch its status change live,
 * and — once the segments are transcribed and approved through the API — download every format
 * and read it.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { parseSync } from 'subtitle';
import { WebVTTParser } from 'webvtt-parser';
import type { BrowserContext, Page } from 'playwright-core';
import { until, type World } from '../helpers/server.ts';
import { speechRecording } from '../helpers/media.ts';
import { PageErrors, signIn, useBrowserRig } from '../helpers/browser.ts';
import type { Api } from '../helpers/api.ts';

const TITLE = 'Weekly sync with Budi';

/** Transcribes and approves every segment of a recording through the API, one turn each. */
async function transcribeAll(world: World, recordingId: string): Promise<string[]> {
  const [tr] = world.transcribers;
  const texts: string[] = [];
  for (;;) {
    const claim = await tr.req('POST', '/api/work/claim');
    if (claim.status === 204) break;
    expect(claim.status).to.equal(200);
    const seg = claim.body.segment;
    expect(seg.recordingId).to.equal(recordingId);
    const text = `Part ${seg.index + 1} of the meeting, said by Budi.`;
    texts[seg.index] = text;
    await tr.ok('POST', `/api/segments/${seg.id}/submit`, {
      turns: [{ speaker: seg.index % 2 ? 'Sari' : 'Budi', start: seg.start, text }],
      version: seg.version,
      heardRatio: 1,
    });
  }
  await approveAll(world.reviewer);
  return texts;
}

async function approveAll(reviewer: Api): Promise<void> {
  for (;;) {
    const claim = await reviewer.req('POST', '/api/review/claim');
    if (claim.status === 204) return;
    const seg = claim.body.segment;
    await reviewer.ok('POST', `/api/segments/${seg.id}/approve`, { version: seg.version });
  }
}

async function download(page: Page, label: string, dir: string): Promise<{ name: string; file: string }> {
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: label }).click(),
  ]);
  const file = path.join(dir, dl.suggestedFilename());
  await dl.saveAs(file);
  return { name: dl.suggestedFilename(), file };
}

describe('browser: a client uploads a recording and downloads its transcript', function () {
  const rig = useBrowserRig({ world: 1 });
  let context: BrowserContext;
  let tmp: string;
  const errors = new PageErrors();

  before(async function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'notula-journey-'));
    context = await rig.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  });

  // Runs after the rig's own `after`, which closes the browser and with it this context.
  after(function () {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('follows the recording from upload to completed and downloads every format', async function () {
    const page = await errors.newPage(context);
    await signIn(page, rig.srv.url, rig.world.clientA.user!.email, '/recordings');
    await page.getByRole('heading', { name: 'Recordings', level: 1 }).waitFor();

    // Upload through the page, with the details a client fills in.
    const audio = await speechRecording(70, 'm4a');
    const fileName = path.basename(audio);
    await page.getByLabel('Audio or video files').setInputFiles(audio);
    await page.getByLabel('Title').fill(TITLE);
    await page.getByRole('checkbox', { name: 'English' }).check();
    await page.getByLabel('Participants (comma-separated)').fill('Budi, Sari');
    await page.getByLabel('Segment length (seconds, optional)').fill('30');
    await page.getByRole('button', { name: /^Upload/ }).click();
    await page.getByText('Upload complete').waitFor();
    expect(
      await page.getByRole('progressbar', { name: `Upload progress for ${fileName}` }).getAttribute('value'),
    ).to.equal('100');

    // The row appears and its status moves on by itself (live updates, no reload).
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: TITLE }) });
    await row.getByText('Being transcribed').waitFor({ timeout: 60_000 });
    const rec = (await rig.srv.api().req('GET', '/api/recordings')).status; // signed out: refused
    expect(rec).to.equal(401);
    const list = await rig.world.clientA.ok('GET', '/api/recordings');
    const recording = list.recordings.find((r: { title: string }) => r.title === TITLE);
    expect(recording, 'the upload created a recording with the title typed in the form').to.exist;
    expect(recording.participants).to.deep.equal(['Budi', 'Sari']);
    const total: number = recording.segments.total;
    expect(total, 'a 70 s recording cut at ~30 s has several segments').to.be.at.least(2);
    await row.getByText(`0/${total} approved`).waitFor();

    // Transcribed and approved by others; the client's page follows along.
    const texts = await transcribeAll(rig.world, recording.id);
    await row.getByText('Completed').waitFor({ timeout: 30_000 });
    await row.getByText(`${total}/${total} approved`).waitFor();
    const approved = page.getByRole('progressbar', { name: `Segments approved for ${TITLE}` });
    expect(await approved.evaluate((el) => (el as HTMLProgressElement).value)).to.equal(total);

    // The recording page: transcript shown, every format downloadable.
    await row.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`**/recordings/${recording.id}`);
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await page.getByText(texts[0]).waitFor();

    const txt = await download(page, 'Download TXT', tmp);
    expect(txt.name).to.match(/\.txt$/);
    const txtBody = fs.readFileSync(txt.file, 'utf8');
    expect(txtBody).to.include(TITLE);
    expect(txtBody).to.include(`[00:00:00] Budi: ${texts[0]}`);
    for (const t of texts) expect(txtBody).to.include(t);

    const docx = await download(page, 'Download DOCX', tmp);
    expect(docx.name).to.match(/\.docx$/);
    const zip = await JSZip.loadAsync(fs.readFileSync(docx.file));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).to.include(TITLE);
    expect(xml).to.include(texts[1]);

    const srt = await download(page, 'Download SRT', tmp);
    const cues = parseSync(fs.readFileSync(srt.file, 'utf8')).filter((n) => n.type === 'cue');
    expect(cues.length).to.be.at.least(total);
    const srtText = cues.map((c) => (c.type === 'cue' ? String(c.data.text) : '')).join(' ');
    expect(srtText.replace(/\s+/g, ' ')).to.include('Part 1 of the meeting');

    const vtt = await download(page, 'Download VTT', tmp);
    const parsed = new WebVTTParser().parse(fs.readFileSync(vtt.file, 'utf8'), 'metadata');
    expect(parsed.errors).to.deep.equal([]);
    expect(parsed.cues.map((c) => c.text).join('\n')).to.include('<v Budi>');

    const json = await download(page, 'Download JSON', tmp);
    const doc = JSON.parse(fs.readFileSync(json.file, 'utf8'));
    expect(doc.recording.title).to.equal(TITLE);
    expect(doc.turns.map((t: { text: string }) => t.text)).to.deep.equal(texts);
    expect(doc.speakers).to.include.members(['Budi', 'Sari']);

    // Its audio plays over the waveform.
    await page.getByRole('button', { name: 'Play' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Play' }).waitFor();

    expect(errors.errors).to.deep.equal([]);
  });

  it('deletes the recording after confirmation, and it is gone for good', async function () {
    const page = await errors.newPage(context);
    const { recordings } = await rig.world.clientA.ok('GET', '/api/recordings');
    const id = recordings[0].id as string;
    await page.goto(`${rig.srv.url}/recordings/${id}`);
    await page.getByRole('button', { name: 'Delete recording' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect((await rig.world.clientA.req('GET', `/api/recordings/${id}`)).status).to.equal(200);
    await page.getByRole('button', { name: 'Delete recording' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/recordings');
    await page.getByText('No recordings yet. Upload one above.').waitFor();
    await until(
      async () => (await rig.world.clientA.req('GET', `/api/recordings/${id}`)).status === 404,
      10_000,
      'recording gone',
    );
    expect(errors.errors).to.deep.equal([]);
  });
});
