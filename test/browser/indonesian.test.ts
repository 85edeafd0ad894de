/**
 * Every page of every role in Bahasa Indonesia, in real Chromium: no English from the client's
 * source may show (./helpers/untranslated.ts), `<html lang>` follows, and the language comes from
 * the account setting or, signed out, from the browser.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ADMIN } from '../helpers/server.ts';
import { seedRecording, seedSubmitted } from '../helpers/seed.ts';
import { PASSWORD, PageErrors, useBrowserRig } from '../helpers/browser.ts';
import { UntranslatedFinder } from '../helpers/untranslated.ts';
import type { Api } from '../helpers/api.ts';

describe('browser: every page in Bahasa Indonesia', function () {
  // The browser itself asks for English: the account's Indonesian must win.
  const rig = useBrowserRig({
    world: 1,
    context: { viewport: { width: 1280, height: 900 }, locale: 'en-US' },
  });
  let reviewed: string;
  let openSegment: string;
  let reviewSegment: string;
  const errors = new PageErrors();
  const finder = new UntranslatedFinder();

  before(async function () {
    const { srv, world } = rig;
    const done = await seedSubmitted(srv, world.orgA, { segments: 3, title: 'Rapat dewan' }, (seg) => [
      { speaker: 'Budi', start: seg.start, text: `Pembukaan bagian ${seg.index + 1}.` },
      { speaker: 'Sari', start: seg.start + 30, text: `Jawaban bagian ${seg.index + 1}.` },
    ]);
    reviewed = done.recording._id;
    await seedRecording(srv, world.orgA, { segments: 2, title: 'Rapat anggaran' });
    const t1 = world.transcribers[0];
    openSegment = (await t1.ok('POST', '/api/work/claim')).segment.id;
    reviewSegment = (await world.reviewer.ok('POST', '/api/review/claim')).segment.id;
    for (const api of [world.clientA, t1, world.reviewer, srv.admin] as Api[])
      await api.ok('PATCH', '/api/me', { locale: 'id' });
  });

  async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
    await page.goto(`${rig.srv.url}/login`);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(password);
    await page.locator('button[type=submit]').click();
    await page.getByRole('button', { name: 'Keluar' }).waitFor();
  }

  /** Opens `path`, waits until nothing is loading, and returns the English it shows. */
  async function englishOn(page: Page, path: string | null): Promise<string[]> {
    if (path) await page.goto(`${rig.srv.url}${path}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForFunction(() => !document.body.innerText.includes('Memuat…'));
    expect(await page.evaluate(() => document.documentElement.lang)).to.equal('id');
    return (await finder.find(page)).map((f) => `${path ?? page.url()}: ${f}`);
  }

  it('shows the sign-in page in Indonesian to a browser that asks for Indonesian', async function () {
    const ctx = await rig.browser.newContext({ locale: 'id-ID' });
    try {
      const page = await errors.newPage(ctx);
      await page.goto(`${rig.srv.url}/login`);
      await page.getByRole('button', { name: 'Masuk' }).waitFor();
      expect(await englishOn(page, null)).to.deep.equal([]);
    } finally {
      await ctx.close();
    }
  });

  it('shows the password pages (forgot, invitation, reset) in Indonesian to a browser that asks for Indonesian', async function () {
    const ctx = await rig.browser.newContext({ locale: 'id-ID' });
    try {
      const page = await errors.newPage(ctx);
      const found = [
        ...(await englishOn(page, '/forgot')),
        ...(await englishOn(page, '/invite')),
        ...(await englishOn(page, '/reset#token=not-a-real-token')),
      ];
      expect(found).to.deep.equal([]);
      expect(errors.errors).to.deep.equal([]);
    } finally {
      await ctx.close();
    }
  });

  it('shows a client their recordings, a recording and their account in Indonesian', async function () {
    const page = await errors.newPage(rig.context);
    await signIn(page, rig.world.clientA.user!.email);
    const found = [
      ...(await englishOn(page, '/recordings')),
      ...(await englishOn(page, `/recordings/${reviewed}`)),
      ...(await englishOn(page, '/account')),
    ];
    expect(found).to.deep.equal([]);
    expect(errors.errors).to.deep.equal([]);
  });

  it('shows a transcriber the work page and the editor in Indonesian', async function () {
    const page = await errors.newPage(rig.context);
    await signIn(page, rig.world.transcribers[0].user!.email);
    const found = [...(await englishOn(page, '/work')), ...(await englishOn(page, `/work/${openSegment}`))];
    expect(found).to.deep.equal([]);
    expect(errors.errors).to.deep.equal([]);
  });

  it('shows a reviewer the queue, a whole recording and a segment in Indonesian', async function () {
    const page = await errors.newPage(rig.context);
    await signIn(page, rig.world.reviewer.user!.email);
    const found = [
      ...(await englishOn(page, '/review')),
      ...(await englishOn(page, `/review/recordings/${reviewed}`)),
      ...(await englishOn(page, `/review/${reviewSegment}`)),
    ];
    expect(found).to.deep.equal([]);
    expect(errors.errors).to.deep.equal([]);
  });

  it('shows an admin every administration tab and a missing page in Indonesian', async function () {
    const page = await errors.newPage(rig.context);
    await signIn(page, ADMIN.email, ADMIN.password);
    const found = await englishOn(page, '/admin');
    const tabs = page.getByRole('tab');
    for (let i = 0; i < (await tabs.count()); i++) {
      await tabs.nth(i).click();
      await page.getByRole('tabpanel').waitFor();
      found.push(...(await englishOn(page, null)));
    }
    found.push(...(await englishOn(page, '/no/such/page')));
    expect(found).to.deep.equal([]);
    expect(errors.errors).to.deep.equal([]);
  });
});
