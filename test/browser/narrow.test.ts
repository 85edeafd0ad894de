/**
 * Every page of every role at a phone's width (390 px) and at a desktop's, in real Chromium: the
 * page never scrolls sideways (wide tables scroll inside their own box), Sign out stays reachable,
 * and the reviewer finds the speaker names without scrolling past the whole transcript.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ADMIN } from '../helpers/server.ts';
import { seedRecording, seedSubmitted } from '../helpers/seed.ts';
import { PASSWORD, PageErrors, useBrowserRig } from '../helpers/browser.ts';

/** Runs in the page: how wide the document is, and the widest elements that stick out (for the message). */
const MEASURE = `(() => {
  const width = window.innerWidth;
  const out = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1) {
        // only the outermost offender of each chain, named with its host component
        const host = el.getRootNode().host;
        out.push((host ? host.localName + ' ' : '') + el.localName + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') + ' → ' + Math.round(r.right));
      }
      // text that runs out of its box (a word too long to wrap) is measured by its own rectangle
      for (const n of el.childNodes) {
        if (n.nodeType !== 3 || !n.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        const tr = range.getBoundingClientRect();
        if (tr.right > width + 1) out.push('text "' + n.textContent.trim().slice(0, 30) + '" in ' + el.localName + ' → ' + Math.round(tr.right));
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return { scrollWidth: document.documentElement.scrollWidth, width, offenders: out.slice(0, 8) };
})()`;

const WIDTHS = [
  { name: 'a phone (390 px)', width: 390, height: 844 },
  { name: 'a desktop (1280 px)', width: 1280, height: 900 },
];

describe('browser: every page fits the screen, phone and desktop', function () {
  const rig = useBrowserRig({ world: 1 });
  let reviewed: string;
  let openSegment: string;
  let reviewSegment: string;
  const errors = new PageErrors();

  before(async function () {
    const { srv, world } = rig;
    // A long recording: the reviewer's transcript runs for thousands of pixels on a phone.
    const long = 'Pembukaan rapat dan pembahasan anggaran tahun depan yang cukup panjang. '.repeat(6);
    const done = await seedSubmitted(
      srv,
      world.orgA,
      { segments: 12, title: 'A board meeting with a rather long title that has to wrap on a phone' },
      (seg) => [
        { speaker: 'Speaker 1', start: seg.start, text: long },
        { speaker: 'Speaker 2', start: seg.start + 30, text: long },
      ],
    );
    reviewed = done.recording._id;
    await seedRecording(srv, world.orgA, { segments: 2, title: 'Rapat anggaran' });
    openSegment = (await world.transcribers[0].ok('POST', '/api/work/claim')).segment.id;
    reviewSegment = (await world.reviewer.ok('POST', '/api/review/claim')).segment.id;
  });

  for (const size of WIDTHS) {
    describe(`on ${size.name}`, function () {
      rig.freshContextEach({ viewport: { width: size.width, height: size.height } });

      async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
        await page.goto(`${rig.srv.url}/login`);
        expect(await overflow(page, '/login')).to.deep.equal([]);
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await signOutReachable(page);
      }

      /** Sign out is on screen, or one tap away behind the menu button. */
      async function signOutReachable(page: Page): Promise<void> {
        const signOut = page.getByRole('button', { name: 'Sign out' });
        const menu = page.getByRole('button', { name: 'Menu' });
        await signOut.or(menu).first().waitFor();
        if (!(await signOut.isVisible())) await menu.click();
        await signOut.waitFor();
        expect(await signOut.evaluate((b) => b.getBoundingClientRect().right <= window.innerWidth)).to.equal(
          true,
        );
        if (await menu.isVisible()) await menu.click();
      }

      async function overflow(page: Page, path: string | null): Promise<string[]> {
        if (path) await page.goto(`${rig.srv.url}${path}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForFunction(() => !document.body.innerText.includes('Loading…'));
        const m = (await page.evaluate(MEASURE)) as {
          scrollWidth: number;
          width: number;
          offenders: string[];
        };
        return m.scrollWidth <= m.width
          ? []
          : [`${path ?? page.url()}: ${m.scrollWidth} px wide in ${m.width}: ${m.offenders.join(', ')}`];
      }

      it('fits a client’s recordings, a recording and the account page', async function () {
        const page = await errors.newPage(rig.context);
        await signIn(page, rig.world.clientA.user!.email);
        const found = [
          ...(await overflow(page, '/recordings')),
          ...(await overflow(page, `/recordings/${reviewed}`)),
          ...(await overflow(page, '/account')),
        ];
        expect(found).to.deep.equal([]);
        expect(errors.errors).to.deep.equal([]);
      });

      it('fits a transcriber’s work page and editor', async function () {
        const page = await errors.newPage(rig.context);
        await signIn(page, rig.world.transcribers[0].user!.email);
        const found = [...(await overflow(page, '/work')), ...(await overflow(page, `/work/${openSegment}`))];
        expect(found).to.deep.equal([]);
        expect(errors.errors).to.deep.equal([]);
      });

      it('fits a reviewer’s pages, with the speaker names before the long transcript', async function () {
        const page = await errors.newPage(rig.context);
        await signIn(page, rig.world.reviewer.user!.email);
        const found = [
          ...(await overflow(page, '/review')),
          ...(await overflow(page, `/review/recordings/${reviewed}`)),
        ];
        // Reachable without scrolling past the transcript: the names come within the first screens.
        const names = page.getByLabel('New name for Speaker 1');
        const top = await names.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
        const transcriptEnd = await page
          .getByRole('article')
          .evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
        expect(top, 'the speaker names sit above the end of the transcript').to.be.below(transcriptEnd);
        expect(top, 'the speaker names are within two screens of the top').to.be.below(size.height * 2);
        found.push(...(await overflow(page, `/review/${reviewSegment}`)));
        expect(found).to.deep.equal([]);
        expect(errors.errors).to.deep.equal([]);
      });

      it('fits every administration tab', async function () {
        const page = await errors.newPage(rig.context);
        await signIn(page, ADMIN.email, ADMIN.password);
        const found = await overflow(page, '/admin');
        const tabs = page.getByRole('tab');
        for (let i = 0; i < (await tabs.count()); i++) {
          await tabs.nth(i).click();
          await page.getByRole('tabpanel').waitFor();
          found.push(...(await overflow(page, null)));
        }
        found.push(...(await overflow(page, '/recordings')), ...(await overflow(page, '/account')));
        expect(found).to.deep.equal([]);
        expect(errors.errors).to.deep.equal([]);
      });
    });
  }
});
