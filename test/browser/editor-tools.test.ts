/**
 * The editor's tools in real Chromium on a real recording: turn times typed or set to the playhead,
 * undo and redo (a delete too), the Alt+digit speaker keys beside the turns, the whole "context"
 * label, the playback speed kept across a reload, and listening combined with what the server
 * already knows from other sessions.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { until } from '../helpers/server.ts';
import { seedRecording } from '../helpers/seed.ts';
import type { Api } from '../helpers/api.ts';
import {
  FIND_WAVEFORM,
  PASSWORD,
  PageErrors,
  playhead,
  signIn,
  uploadSpeech,
  useBrowserRig,
  waitForSaveStatus,
} from '../helpers/browser.ts';

/** Runs in the page: the waveform's shade labels and the waveform box, as rectangles. */
const SHADE_LABELS = `(() => {
  ${FIND_WAVEFORM}
  const wave = find(document);
  const box = wave.shadowRoot.querySelector('#wave').getBoundingClientRect();
  const labels = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('div')) {
      if (el.childElementCount === 0 && el.textContent === 'context') {
        const r = el.getBoundingClientRect();
        labels.push({ left: r.left, right: r.right, width: r.width, scrollWidth: el.scrollWidth });
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(wave.shadowRoot);
  return { box: { left: box.left, right: box.right }, labels };
})()`;

/** "mm:ss.t", as the editor shows a turn's start. */
const stamp = (s: number): string =>
  `${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(1).padStart(4, '0')}`;

interface Held {
  api: Api;
  page: Page;
  seg: { id: string; start: number; end: number; contextStart: number; version: number };
}

describe('browser: the editor’s tools', function () {
  const rig = useBrowserRig({ world: 0, context: { viewport: { width: 1280, height: 1000 } } });
  let people = 0;
  const errors = new PageErrors();

  before(async function () {
    // Real speech for the tests that play audio: each of them takes one of its segments.
    await uploadSpeech(rig.world.clientA, { seconds: 60, title: 'Tools meeting', segmentSeconds: 15 });
  });

  /**
   * A transcriber of its own holding a segment with two turns (Budi's, then Sari's), open in the
   * editor. Without `audio` the segment is a seeded one (no playable audio), claimed first.
   */
  async function holding(audio: boolean): Promise<Held> {
    const email = `tools-${++people}@notula.test`;
    await rig.srv.admin.ok('POST', '/api/users', { email, password: PASSWORD, role: 'transcriber' });
    const api = rig.srv.api();
    await api.login(email, PASSWORD);
    if (!audio)
      await seedRecording(rig.srv, rig.world.orgA, {
        segments: 1,
        priority: 1,
        participants: ['Budi', 'Sari'],
      });
    const seg = (await api.ok('POST', '/api/work/claim')).segment;
    const turns = [
      { speaker: 'Budi', start: seg.start, text: 'Selamat pagi semua.' },
      { speaker: 'Sari', start: seg.start + 4, text: 'Pagi, Budi.' },
    ];
    seg.version = (
      await api.ok('PUT', `/api/segments/${seg.id}/draft`, { turns, version: seg.version })
    ).version;
    const page = await errors.newPage(rig.context);
    await signIn(page, rig.srv.url, email, '/work');
    await page.goto(`${rig.srv.url}/work/${seg.id}`);
    await page.getByLabel('Text of turn 2').waitFor();
    if (audio) await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    return { api, page, seg };
  }

  const savedTurns = async (h: Held): Promise<{ speaker: string; start: number; text: string }[]> =>
    (await h.api.ok('GET', `/api/segments/${h.seg.id}`)).segment.turns;

  it('shows beside each turn the Alt key that gives its speaker, and lists them all', async function () {
    const { page } = await holding(false);
    const turn2 = page.getByRole('listitem').filter({ has: page.getByLabel('Text of turn 2') });
    expect(await turn2.locator('kbd').innerText()).to.equal('Alt+2');
    const keys = page.getByRole('list', { name: 'Speaker keys' });
    expect(await keys.innerText()).to.match(/Alt\+1\s+Budi[\s\S]*Alt\+2\s+Sari/);
    // Alt+1 in turn 2 makes it Budi's, and the key beside it follows.
    await page.getByLabel('Text of turn 2').focus();
    await page.keyboard.press('Alt+1');
    await turn2.locator('kbd', { hasText: 'Alt+1' }).waitFor();
  });

  it('moves a turn to a typed time, reordering the turns, and refuses a time outside the segment', async function () {
    const h = await holding(false);
    const { page, seg } = h;
    // Budi's turn moves after Sari's; typed as an Indonesian would, with a decimal comma.
    const time1 = page.getByLabel('Start of turn 1', { exact: true });
    await time1.fill(stamp(seg.start + 5).replace('.', ','));
    await time1.press('Enter');
    await waitForSaveStatus(page, 'Saved');
    expect(await page.getByLabel('Speaker of turn 1').inputValue()).to.equal('Sari');
    expect(await page.getByLabel('Start of turn 2', { exact: true }).inputValue()).to.equal(
      stamp(seg.start + 5),
    );
    expect((await savedTurns(h)).map((t) => [t.speaker, t.start])).to.deep.equal([
      ['Sari', seg.start + 4],
      ['Budi', seg.start + 5],
    ]);

    await time1.fill('9:59:00');
    await time1.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'A turn of this segment starts between' }).waitFor();
    expect(await time1.inputValue()).to.not.equal('9:59:00');
  });

  it('undoes and redoes a deleted turn, by key and by button, and typing a phrase at a time', async function () {
    const h = await holding(false);
    const { page } = h;
    const before = await savedTurns(h);
    /** Waits until the server holds `count` turns (the autosave has caught up). */
    const serverHas = (count: number) =>
      until(async () => (await savedTurns(h)).length === count, 15_000, `${count} turns saved`);
    await page.getByRole('button', { name: 'Delete turn 2' }).click();
    await page.getByLabel('Text of turn 2').waitFor({ state: 'detached' });
    await serverHas(1);
    await page.getByLabel('Text of turn 1').focus();
    await page.keyboard.press('Control+z');
    await page.getByLabel('Text of turn 2').waitFor();
    await serverHas(2);
    expect(await savedTurns(h)).to.deep.equal(before);
    await page.keyboard.press('Control+Shift+z');
    await page.getByLabel('Text of turn 2').waitFor({ state: 'detached' });
    await serverHas(1);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await page.getByLabel('Text of turn 2').waitFor();
    await serverHas(2);
    // Typing is taken back a phrase at a time, not a letter.
    await page.getByLabel('Text of turn 2').pressSequentially(' Apa kabar?');
    await page.keyboard.press('Control+z');
    expect(await page.getByLabel('Text of turn 2').inputValue()).to.equal(before[1].text);
    await page
      .getByRole('status')
      .first()
      .filter({ hasText: /^(Saved|No unsaved changes)$/ })
      .waitFor();
    expect(await savedTurns(h)).to.deep.equal(before);
  });

  it('keeps the playback speed across a reload', async function () {
    const { page } = await holding(false);
    await page.getByLabel('Speed').selectOption('1.5');
    await page.reload();
    await page.getByLabel('Text of turn 2').waitFor();
    expect(await page.getByLabel('Speed').inputValue()).to.equal('1.5');
  });

  it('sets a turn to the playhead', async function () {
    const h = await holding(true);
    const { page, seg } = h;
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await until(async () => (await playhead(page)) > seg.start - seg.contextStart + 2, 20_000, 'playing');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const at = seg.contextStart + (await playhead(page));
    await page.getByRole('button', { name: 'Set the start of turn 1 to the playhead' }).click();
    await waitForSaveStatus(page, 'Saved');
    const starts = (await savedTurns(h)).map((t) => t.start);
    expect(
      starts.some((s) => Math.abs(s - at) < 0.02),
      `${starts} has ${at}`,
    ).to.equal(true);
  });

  it('shows the whole "context" label at both ends of the waveform', async function () {
    const { page } = await holding(true);
    const { box, labels } = (await page.evaluate(SHADE_LABELS)) as {
      box: { left: number; right: number };
      labels: { left: number; right: number; width: number; scrollWidth: number }[];
    };
    expect(labels.length, 'a later segment has context on both sides').to.equal(2);
    for (const l of labels) {
      expect(l.left).to.be.at.least(box.left - 1);
      expect(l.right).to.be.at.most(box.right + 1);
      expect(l.scrollWidth).to.be.at.most(Math.ceil(l.width) + 1);
    }
  });

  it('starts the heard meter from what other sessions heard, and adds this one’s listening to it', async function () {
    const h = await holding(true);
    const { page, seg } = h;
    // Another browser of the same transcriber heard the second half.
    const other = rig.srv.api();
    await other.login(h.api.user!.email, PASSWORD);
    const half = (seg.start + seg.end) / 2;
    const r = await other.ok('POST', `/api/segments/${seg.id}/heard`, { ranges: [[half, seg.end]] });
    expect(r.heardRatio).to.be.closeTo(0.5, 0.01);
    await page.reload();
    await page.getByText(/Heard (4[5-9]|5[0-4])%/).waitFor();
    // Listening here from the start adds to it: the server keeps the union.
    await page
      .getByRole('button', { name: `Jump to ${''}`.trim() })
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.getByText(/Heard (5[6-9]|[6-9]\d)%/).waitFor();
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await until(
      async () =>
        (await other.ok('GET', `/api/segments/${seg.id}`)).segment.heardRatio > 0.55 ? true : null,
      10_000,
      'the server heard of it',
    );
    const after = (await other.ok('GET', `/api/segments/${seg.id}`)).segment;
    expect(after.heard[after.heard.length - 1][1]).to.equal(seg.end);
    expect(errors.errors).to.deep.equal([]);
  });
});
