/**
 * Searching transcripts in real Chromium: the search box on the recordings page, hits with their
 * marked snippets, and a hit opening its recording playing at that moment with the turn in view.
 */
import { collectionOf } from '../../server/services/collections.ts';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { RecordingDoc } from '../../server/domain.ts';
import { seedCompleted } from '../helpers/seed.ts';
import { wavBuffer } from '../helpers/hostile-media.ts';
import { PageErrors, signIn, useBrowserRig } from '../helpers/browser.ts';

const SEGMENT_SEC = 30;
const HOSTILE = '<img src=x onerror="window.__pwned=1"><b>bold</b>';

describe('browser: transcript search', function () {
  const rig = useBrowserRig({ world: 0, context: { viewport: { width: 1280, height: 700 } } });
  let rec: RecordingDoc;
  const errors = new PageErrors();

  before(async function () {
    const { srv, world } = rig;
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `Point ${i + 1} was noted.`).join(' ');
    rec = await seedCompleted(srv, world.orgA, {
      title: 'Rapat anggaran Q3',
      segmentSec: SEGMENT_SEC,
      segments: [
        [{ speaker: 'Budi', start: 1, text: `Selamat pagi, kita mulai rapat. ${filler(30)}` }],
        [
          {
            speaker: 'Sari',
            start: 2,
            text: `${filler(20)} Anggaran pemasaran naik lima persen. ${HOSTILE}`,
          },
        ],
        [{ speaker: 'Budi', start: 3, text: 'Tindak lanjut minggu depan.' }],
        [{ speaker: 'Sari', start: 4, text: filler(60) }],
        [{ speaker: 'Budi', start: 5, text: `${filler(40)} Sekian, terima kasih.` }],
      ],
    });
    // Real audio and peaks of the recording's length, so the page can play and seek.
    const seconds = 5 * SEGMENT_SEC;
    await collectionOf(srv.running.services.store, 'recordings').updateOne(
      { _id: rec._id },
      { $set: { playbackKey: `rec/${rec._id}/playback.wav` } },
    );
    await srv.running.services.blobs.putBuffer(`rec/${rec._id}/playback.wav`, wavBuffer(seconds));
    const peaks = Array.from(
      { length: Math.ceil((seconds * 16000) / 256) },
      (_, i) => 0.2 + 0.3 * Math.abs(Math.sin(i / 50)),
    );
    await srv.running.services.blobs.putBuffer(
      rec.peaksKey!,
      Buffer.from(JSON.stringify({ sampleRate: 16000, samplesPerPeak: 256, peaks })),
    );
  });

  afterEach(async function () {
    expect(errors.errors, errors.errors.join('\n')).to.deep.equal([]);
  });

  async function clientPage(): Promise<Page> {
    const page = await errors.newPage(rig.context);
    await signIn(page, rig.srv.url, rig.world.clientA.user!.email, '/recordings');
    return page;
  }

  /** Waits until the recording page plays near `t` with the turn at `t` marked and in view. */
  async function expectPlayingAt(page: Page, t: number, turnText: RegExp): Promise<void> {
    const wave = page.locator('nt-waveform');
    await page.waitForFunction(
      ([el, at]) => {
        const w = el as unknown as { currentTime: number; isPlaying: boolean };
        return w.isPlaying && w.currentTime >= (at as number) && w.currentTime < (at as number) + 5;
      },
      [await wave.elementHandle(), t] as const,
    );
    const current = page.locator('.turns li[aria-current="true"]');
    await current.filter({ hasText: turnText }).waitFor();
    const inView = await current.evaluate((li) => {
      const box = li.getBoundingClientRect();
      const pane = li.closest('.transcript')!.getBoundingClientRect();
      const seen =
        box.top >= pane.top && box.bottom <= pane.bottom && box.top >= 0 && box.bottom <= innerHeight;
      return seen || JSON.stringify({ box, pane, innerHeight });
    });
    if (inView !== true) throw new Error(`the turn is not scrolled into view: ${inView}`);
  }

  it('finds a word from the recordings page, marks it in the snippet, and opens the recording playing there', async function () {
    const page = await clientPage();
    await page.getByRole('searchbox', { name: 'Search transcripts' }).fill('ANGGARAN pemasaran');
    await page.getByRole('button', { name: 'Search' }).click();
    const hit = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    await hit.first().waitFor();
    expect(await hit.count()).to.equal(1);
    const text = await hit.innerText();
    expect(text).to.include('Rapat anggaran Q3');
    expect(text).to.include('Sari at 00:32');
    expect(await hit.locator('mark').allInnerTexts()).to.deep.equal(['Anggaran', 'pemasaran']);
    // The transcript's markup is shown as text, never made into elements.
    expect(text).to.include(HOSTILE);
    expect(await hit.locator('img, b').count()).to.equal(0);
    expect(new URL(page.url()).search).to.equal('?q=ANGGARAN+pemasaran');

    await hit.getByRole('link').click();
    await page.waitForURL((u) => u.pathname === `/recordings/${rec._id}` && u.hash === '#t=32');
    await expectPlayingAt(page, 32, /Anggaran pemasaran/);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).to.equal(undefined);

    // Back on the recordings page the same results are there again.
    await page.goBack();
    await hit.first().waitFor();
    expect(await page.getByRole('searchbox', { name: 'Search transcripts' }).inputValue()).to.equal(
      'ANGGARAN pemasaran',
    );
  });

  it('opens a recording at #t=<seconds> from an address typed or shared', async function () {
    const page = await clientPage();
    // Budi's last turn starts at 2:05 (segment 4 at 120 s, turn at +5 s).
    await page.goto(`${rig.srv.url}/recordings/${rec._id}#t=125`);
    await expectPlayingAt(page, 125, /Sekian, terima kasih/);
  });

  it('finds phrases and prefixes, says when nothing matches, and explains a query it cannot run', async function () {
    const page = await clientPage();
    const box = page.getByRole('searchbox', { name: 'Search transcripts' });
    await box.fill('"tindak lanjut"');
    await box.press('Enter');
    const hits = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    await hits.first().filter({ hasText: 'Budi at 01:03' }).waitFor();
    expect(await hits.locator('mark').allInnerTexts()).to.deep.equal(['Tindak lanjut']);

    await box.fill('terima*');
    await box.press('Enter');
    await hits.first().filter({ hasText: 'Budi at 02:05' }).waitFor();

    await box.fill('tidakada');
    await box.press('Enter');
    await page.getByText('No completed transcript contains “tidakada”.').waitFor();

    errors.allow(/400 \(Bad Request\).*\/api\/search\?q=a\*/);
    await box.fill('a*');
    await box.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'A prefix needs at least 2 letters' }).waitFor();
  });
});
