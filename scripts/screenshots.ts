/**
 * README screenshots (`node --import tsx scripts/screenshots.ts`): a throwaway Notula with spoken
 * recordings (test/helpers/media.ts), opened in Debian's Chromium as a client and as a
 * transcriber, at a desktop's width, at a phone's (390 px) and in Bahasa Indonesia. Writes
 * client/screenshots/{recordings,recording,editor}{,-phone,-id}.png and prints their sizes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startServer } from '../test/helpers/server.ts';
import { seedRecording } from '../test/helpers/seed.ts';
import { readTruth, speechRecording, spokenTurns, type Meeting } from '../test/helpers/media.ts';
import {
  PASSWORD,
  PageErrors,
  chromiumPresent,
  ensureClientBuilt,
  launchBrowser,
  signIn,
  uploadSpeech,
  waitForSaveStatus,
} from '../test/helpers/browser.ts';
import type { Api } from '../test/helpers/api.ts';

const OUT = path.resolve(import.meta.dirname, '../client/screenshots');
const MAX_BYTES = 200 * 1024;

if (!chromiumPresent()) {
  console.error('screenshots: needs /usr/bin/chromium (or CHROMIUM_PATH).');
  process.exit(2);
}

interface People {
  orgId: string;
  client: Api;
  transcriber: Api;
  reviewer: Api;
}

/** One client organisation and its people, with addresses that read well in a screenshot. */
async function people(): Promise<People> {
  const orgId = (await srv.admin.ok('POST', '/api/orgs', { name: 'Acme Ltd' })).org.id as string;
  const user = async (email: string, role: string, org?: string): Promise<Api> => {
    await srv.admin.ok('POST', '/api/users', {
      email,
      password: PASSWORD,
      role,
      ...(org ? { orgId: org } : {}),
    });
    const api = srv.api();
    await api.login(email, PASSWORD);
    return api;
  };
  return {
    orgId,
    client: await user('ayu@acme.example', 'client', orgId),
    transcriber: await user('dewi@notula.example', 'transcriber'),
    reviewer: await user('rudi@notula.example', 'reviewer'),
  };
}

/** What is said in each uploaded recording, by recording id. */
const spoken = new Map<string, Meeting>();

/** Uploads a spoken meeting (test/helpers/media.ts) and remembers what is said in it. */
async function upload(client: Api, opts: Parameters<typeof uploadSpeech>[1]): Promise<string> {
  const id = await uploadSpeech(client, opts);
  spoken.set(id, readTruth(await speechRecording(opts.seconds)));
  return id;
}

/** Every open segment of the queue transcribed with what is really said, then approved. */
async function transcribeAll(world: People, limit = Infinity): Promise<void> {
  const tr = world.transcriber;
  for (let n = 0; n < limit; n++) {
    const claim = await tr.req('POST', '/api/work/claim');
    if (claim.status === 204) break;
    const seg = claim.body.segment;
    const turns = spokenTurns(spoken.get(seg.recordingId)!, seg.start, seg.end);
    await tr.ok('POST', `/api/segments/${seg.id}/submit`, {
      turns: turns.length ? turns : [{ speaker: '', start: seg.start, text: '[no speech]' }],
      version: seg.version,
      heardRatio: 1,
    });
  }
  await approveAll(world.reviewer);
}

async function approveAll(reviewer: Api): Promise<void> {
  for (;;) {
    const claim = await reviewer.req('POST', '/api/review/claim');
    if (claim.status === 204) return;
    const seg = claim.body.segment;
    await reviewer.ok('POST', `/api/segments/${seg.id}/approve`, { version: seg.version });
  }
}

/** Writes a PNG; a full-colour one over the size limit is reduced to a 256-colour palette. */
async function shoot(page: Page, name: string): Promise<void> {
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  if (fs.statSync(file).size > MAX_BYTES) {
    const tmp = `${file}.tmp.png`;
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-i',
      file,
      '-vf',
      'split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=none',
      tmp,
    ]);
    fs.renameSync(tmp, file);
  }
  console.log(`${path.relative(process.cwd(), file)}  ${Math.round(fs.statSync(file).size / 1024)} KiB`);
}

/**
 * The client's list and recording and the transcriber's editor in another setting (a phone's width,
 * the account's language): opened by address and waited for by structure, so any language works.
 */
async function others(
  context: BrowserContext,
  suffix: string,
  recordingId: string,
  segmentId: string,
): Promise<void> {
  context.setDefaultTimeout(20_000);
  const page = await errors.newPage(context);
  const as = async (email: string, path: string): Promise<void> => {
    await page.goto(`${srv.url}/login`);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((u) => u.pathname !== '/login');
    await page.goto(`${srv.url}${path}`);
  };
  await as('ayu@acme.example', '/recordings');
  await page.locator('nt-recordings-page tbody tr').first().waitFor();
  await shoot(page, `recordings-${suffix}`);
  await page.goto(`${srv.url}/recordings/${recordingId}`);
  await page.locator('nt-waveform canvas').first().waitFor();
  await page.locator('nt-recording-page .turns li').first().waitFor();
  await shoot(page, `recording-${suffix}`);
  await context.clearCookies();
  await as('dewi@notula.example', `/work/${segmentId}`);
  await page.locator('nt-waveform canvas').first().waitFor();
  await page.locator('nt-turn-list textarea').first().waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, `editor-${suffix}`);
  await page.close();
}

ensureClientBuilt();
fs.mkdirSync(OUT, { recursive: true });
const srv = await startServer();
const browser = await launchBrowser();
const errors = new PageErrors();
try {
  const world = await people();
  const names = ['Budi', 'Sari', 'Ana', 'Tom'];
  const done = await upload(world.client, {
    seconds: 95,
    title: 'Quarterly planning',
    filename: 'quarterly-planning.m4a',
    participants: names,
    segmentSeconds: 30,
  });
  await transcribeAll(world);
  await upload(world.client, {
    seconds: 80,
    title: 'Product review',
    participants: names,
    segmentSeconds: 30,
  });
  await transcribeAll(world, 1);

  // The transcriber is half-way through the second segment of "Product review".
  const tr = world.transcriber;
  const { segment: seg } = await tr.ok('POST', '/api/work/claim');
  const turns = spokenTurns(spoken.get(seg.recordingId)!, seg.start, seg.end);
  const lastWords = turns[turns.length - 1].text.split(' ');
  const typing = ` ${lastWords.slice(-5, -2).join(' ')}`;
  const draft = turns.map((t, i) =>
    i === turns.length - 1 ? { ...t, text: lastWords.slice(0, -5).join(' ') } : t,
  );
  await tr.ok('PUT', `/api/segments/${seg.id}/draft`, { turns: draft, version: seg.version });
  // A long meeting that has only just been cut, for the list.
  await seedRecording(srv, world.orgId, {
    segments: 24,
    segmentSec: 150,
    title: 'All-hands, March',
    participants: names,
  });

  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  context.setDefaultTimeout(20_000);
  const page = await errors.newPage(context);

  await signIn(page, srv.url, world.client.user!.email, '/recordings');
  await page.getByRole('table', { name: 'Recordings' }).waitFor();
  await page.getByText('Completed').waitFor();
  await shoot(page, 'recordings');

  await page.getByRole('link', { name: 'Quarterly planning' }).click();
  await page.waitForURL(`**/recordings/${done}`);
  await page.getByRole('link', { name: 'Download TXT' }).waitFor();
  // Whatever the meeting says (test/helpers/media.ts), its transcript is on the page.
  await page.locator('nt-recording-page .turns li').first().waitFor();
  await page.locator('nt-waveform canvas').first().waitFor();
  await shoot(page, 'recording');
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, srv.url, tr.user!.email, '/work');
  await page.getByRole('link', { name: /^Segment / }).click();
  await page.getByLabel(`Text of turn ${draft.length}`).waitFor();
  await page.locator('nt-waveform canvas').first().waitFor();
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ state: 'visible' });
  // Some of it heard at double speed, the playhead on the last turn, its text mid-sentence.
  await page.getByLabel('Speed').selectOption('2');
  await page
    .getByRole('button', { name: /^Jump to / })
    .first()
    .click();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByText(/Heard ([4-9]\d|100) ?%/).waitFor();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page
    .getByRole('button', { name: /^Jump to / })
    .last()
    .click();
  await page.getByLabel(`Text of turn ${draft.length}`).focus();
  await page.keyboard.press('End');
  await page.keyboard.type(typing);
  await waitForSaveStatus(page, 'Saved');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, 'editor');
  await context.close();

  // The same pages on a phone, and in Bahasa Indonesia (the account's language).
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  await others(phone, 'phone', done, seg.id);
  await phone.close();
  for (const api of [world.client, tr]) await api.ok('PATCH', '/api/me', { locale: 'id' });
  const indonesian = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    deviceScaleFactor: 1,
  });
  await others(indonesian, 'id', done, seg.id);
  await indonesian.close();
  if (errors.errors.length) throw new Error(`the pages reported errors:\n${errors.errors.join('\n')}`);
} finally {
  await browser.close();
  await srv.stop();
}
