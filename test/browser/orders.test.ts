/**
 * The client's rules in real Chromium: the order beside the audio (verbatim reminder, instructions,
 * glossary, style guide; never the client's name or file), glossary completions on Tab, near-misses
 * underlined with a one-key fix, and their count before submitting.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startServer, makeWorld, until, type TestServer, type World } from '../helpers/server.ts';
import {
  PASSWORD,
  PageErrors,
  ensureClientBuilt,
  launchBrowser,
  requireChromium,
  signIn,
} from '../helpers/browser.ts';
import { speechRecording } from '../helpers/media.ts';

describe('browser: the client’s rules in the editor', function () {
  this.timeout(120_000);
  let srv: TestServer;
  let world: World;
  let browser: Browser;
  let orgName: string;
  const errors = new PageErrors();

  before(async function () {
    requireChromium(this);
    ensureClientBuilt();
    srv = await startServer();
    world = await makeWorld(srv, 1);
    const { org } = await srv.admin.ok('PATCH', `/api/orgs/${world.orgA}`, {
      styleGuide: '## Numbers\n\nWrite amounts as **Rp 5 juta**.',
      glossary: [{ term: 'Budi Santoso', note: 'the chair' }, { term: 'PT Sinar Mas' }],
    });
    orgName = org.name;
    const form = new FormData();
    form.set('file', new Blob([fs.readFileSync(await speechRecording(12))]), 'secret-board-call.m4a');
    form.set('verbatim', 'full');
    form.set('instructions', 'Label the chair by name.');
    form.set('glossary', 'Sari Dewi');
    const id = (await world.clientA.ok('POST', '/api/recordings', form)).recording.id;
    await until(
      async () =>
        (await world.clientA.ok('GET', `/api/recordings/${id}`)).recording.status === 'transcribing',
      90_000,
      'ingested',
    );
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  const backdropMarks = (page: Page): Promise<number> => page.locator('nt-turn-list mark.near').count();

  it('shows the order beside the audio, completes glossary terms on Tab and fixes a near-miss with Alt+G', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    ctx.setDefaultTimeout(20_000);
    const page = await errors.newPage(ctx);
    await signIn(page, srv.url, world.transcribers[0].user!.email, '/work');
    await page.getByRole('button', { name: 'Claim next segment' }).click();
    await page.waitForURL(/\/work\/[^/]+$/);
    const rules = page.getByRole('region', { name: "The client's rules" });
    await rules.waitFor();
    await rules.getByText(/^Full verbatim: type every word as spoken/).waitFor();
    await rules.getByText('Label the chair by name.').waitFor();
    await rules.getByText('Budi Santoso').waitFor();
    await rules.getByText('Sari Dewi').waitFor();
    await rules.getByText('Style guide').click();
    await rules.getByRole('heading', { name: 'Numbers' }).waitFor();
    expect(await rules.locator('strong', { hasText: 'Rp 5 juta' }).count()).to.equal(1);
    // Playwright's text locators see through shadow roots: nothing names the client or the file.
    expect(await page.getByText(orgName).count()).to.equal(0);
    expect(await page.getByText('secret-board-call').count()).to.equal(0);

    await page.keyboard.press('Control+Enter');
    const text = page.getByLabel('Text of turn 1');
    await text.waitFor();
    await text.focus();
    await page.keyboard.type('Pak bu');
    await page.getByRole('status').filter({ hasText: 'Budi Santoso' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await text.inputValue()).to.equal('Pak Budi Santoso');
    await expectFocused(page, 'Text of turn 1');

    await page.keyboard.type(' met Budi Santosa.');
    await until(async () => (await backdropMarks(page)) === 1, 5000, 'near-miss underlined');
    await page.getByText('1 word differs slightly from a glossary term').waitFor();
    await page.getByRole('button', { name: /Budi Santosa → Budi Santoso/ }).waitFor();
    await page.keyboard.press('Alt+g');
    expect(await text.inputValue()).to.equal('Pak Budi Santoso met Budi Santoso.');
    await until(async () => (await backdropMarks(page)) === 0, 5000, 'underline gone');
    expect(await page.getByText(/slightly from a glossary term/).count()).to.equal(0);

    // Without a completion on offer, Tab is left alone: the text does not change.
    await page.keyboard.press('Tab');
    expect(await text.inputValue()).to.equal('Pak Budi Santoso met Budi Santoso.');
    expect(errors.errors).to.deep.equal([]);
    await ctx.close();
  });

  it('shows the client the turnaround at upload and the deadline, the admin the backlog and rates, and the transcriber its month', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    ctx.setDefaultTimeout(20_000);
    const client = await errors.newPage(ctx);
    await signIn(client, srv.url, world.clientA.user!.email, '/recordings');
    const tier = client.getByLabel('Turnaround');
    await tier.getByRole('option', { name: 'rush (6 h)' }).waitFor({ state: 'attached' });
    expect(await tier.inputValue()).to.equal('standard');
    await client
      .getByText(/Due .*\(standard\)/)
      .first()
      .waitFor();

    const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    adminCtx.setDefaultTimeout(20_000);
    const admin = await errors.newPage(adminCtx);
    const adminEmail = `admin-${Date.now()}@notula.test`;
    await srv.admin.ok('POST', '/api/users', { email: adminEmail, password: PASSWORD, role: 'admin' });
    await signIn(admin, srv.url, adminEmail, '/admin');
    await admin.getByRole('tab', { name: 'Backlog' }).click();
    await admin.getByText('Throughput over the last 24 hours').waitFor();
    await admin.getByRole('table', { name: 'Open audio by deadline' }).waitFor();
    await admin.getByRole('tab', { name: 'Orders & rates' }).click();
    await admin.getByLabel('Currency (ISO code)').fill('IDR');
    await admin.getByLabel('rush', { exact: true }).fill('1500');
    await admin.getByRole('button', { name: 'Save rates' }).click();
    await admin.getByText('Rates saved').waitFor();
    expect((await srv.admin.ok('GET', '/api/admin/rates')).rates).to.deep.include({
      currency: 'IDR',
      perAudioMinute: { rush: 1500 },
    });
    await admin.getByRole('tab', { name: 'Earnings' }).click();
    await admin.getByRole('link', { name: 'Payroll CSV' }).waitFor();

    const trCtx = await browser.newContext();
    const tr = await errors.newPage(trCtx);
    await signIn(tr, srv.url, world.transcribers[0].user!.email, '/work');
    await tr.getByRole('heading', { name: 'My work' }).waitFor();
    await tr.getByText('Approved audio').waitFor();
    expect(errors.errors).to.deep.equal([]);
    await Promise.all([ctx.close(), adminCtx.close(), trCtx.close()]);
  });
});

/** The id of the element with focus, inside shadow roots. (A string, so no bundler helpers leak in.) */
const FOCUSED = `(() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  return el ? el.id : '';
})()`;

async function expectFocused(page: Page, label: string): Promise<void> {
  const focused = await page.evaluate<string>(FOCUSED);
  expect(focused, label).to.match(/^text-1$/);
}
