/**
 * Hostile transcript text and titles in the pages, in real Chromium: the text shows as text, no
 * script runs, no element is injected.
 */
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startServer, makeWorld, type TestServer, type World } from '../helpers/server.ts';
import { seedRecording } from '../helpers/seed.ts';
import { PageErrors, ensureClientBuilt, launchBrowser, requireChromium, signIn } from '../helpers/browser.ts';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';

describe('hostile text in the pages (real Chromium)', () => {
  let srv: TestServer;
  let w: World;
  let browser: Browser;
  let recordingId: string;
  const dialogs: string[] = [];
  const errors = new PageErrors();

  before(async function () {
    requireChromium(this);
    ensureClientBuilt();
    srv = await startServer();
    w = await makeWorld(srv, 1);
    const { recording } = await seedRecording(srv, w.orgA, {
      segments: 2,
      segmentSec: 30,
      title: `Board ${SCRIPT} ${IMG}`,
      participants: [IMG],
    });
    recordingId = recording._id;
    const t = w.transcribers[0];
    const { segment } = await t.ok('POST', '/api/work/claim');
    const turns = [
      {
        speaker: `Budi ${IMG}`,
        start: segment.start + 1,
        text: `Before ${SCRIPT} price \u202Ekcab\u202C ${IMG} after.`,
      },
    ];
    await t.ok('POST', `/api/segments/${segment.id}/submit`, { turns, version: segment.version });
    const claimed = await w.reviewer.ok('POST', '/api/review/claim');
    await w.reviewer.ok('POST', `/api/segments/${claimed.segment.id}/approve`, {
      version: claimed.segment.version,
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  async function open(email: string, home: string, path: string): Promise<Page> {
    const ctx = await browser.newContext();
    const page = await errors.newPage(ctx);
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()} on ${page.url()}`);
      void d.dismiss();
    });
    await signIn(page, srv.url, email, home);
    await page.goto(`${srv.url}${path}`);
    return page;
  }

  /** Nothing ran, nothing was injected (locators pierce the components' shadow roots). */
  async function expectInert(page: Page): Promise<void> {
    expect(await page.locator('img[src="x"]').count(), 'injected <img>').to.equal(0);
    expect(await page.locator('script', { hasText: 'alert' }).count(), 'injected <script>').to.equal(0);
    expect(dialogs).to.deep.equal([]);
    expect(errors.errors).to.deep.equal([]);
  }

  it('shows the script tag as text in the reviewer’s whole-recording view', async () => {
    const page = await open(w.reviewer.user!.email, '/review', `/review/recordings/${recordingId}`);
    await page.getByText('kcab', { exact: false }).first().waitFor();
    expect(await page.getByText(SCRIPT, { exact: false }).count()).to.be.greaterThan(0);
    expect(
      await page.getByText('\u202E', { exact: false }).count(),
      'a right-to-left override on the page',
    ).to.equal(0);
    await expectInert(page);
    await page.context().close();
  });

  it('shows the hostile title as text on the client’s recording page', async () => {
    const page = await open(w.clientA.user!.email, '/recordings', `/recordings/${recordingId}`);
    await page.getByText(`Board ${SCRIPT}`, { exact: false }).first().waitFor();
    await expectInert(page);
    await page.context().close();
  });
});
