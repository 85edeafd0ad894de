/**
 * A transcriber and a reviewer in real Chromium against a real Notula, on a spoken meeting
 * (espeak-ng, test/helpers/media.ts): claim, play, type by keyboard, survive a reload, lose a
 * race to a stale second window, submit, be returned with a comment, fix, be approved.
 */
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { until } from '../helpers/server.ts';
import {
  PageErrors,
  claimNextSegment,
  newTestContext,
  playhead,
  signIn,
  uploadSpeech,
  useBrowserRig,
  waitForSaveStatus,
} from '../helpers/browser.ts';

interface SegmentView {
  id: string;
  recordingId: string;
  index: number;
  start: number;
  end: number;
  contextStart: number;
  status: string;
  version: number;
  turns: { speaker: string; start: number; text: string }[];
  comments: { text: string }[];
}

/** "01:15.4", as the editor labels a turn's timestamp. */
function stamp(seconds: number): string {
  const tenths = Math.floor(seconds * 10 + 1e-6);
  const s = Math.floor(tenths / 10);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.${tenths % 10}`;
}

/** Polls IndexedDB until this browser keeps a draft of the segment holding `text`. */
async function waitForLocalDraft(page: Page, segmentId: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([id, want]) =>
      new Promise<boolean>((resolve) => {
        const req = indexedDB.open('notula');
        req.onerror = () => resolve(false);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('drafts')) return resolve(false);
          const get = db.transaction('drafts').objectStore('drafts').get(id);
          get.onsuccess = () => {
            const turns = (get.result?.turns ?? []) as { text: string }[];
            resolve(turns.some((t) => t.text.includes(want)));
          };
          get.onerror = () => resolve(false);
        };
      }),
    [segmentId, text] as const,
  );
}

describe('browser: a transcriber types a segment and a reviewer returns, then approves it', function () {
  const rig = useBrowserRig({ world: 2 });
  let trA: BrowserContext;
  let trB: BrowserContext;
  let rev: BrowserContext;
  let recordingId: string;
  const errors = new PageErrors();

  before(async function () {
    const { world } = rig;
    recordingId = await uploadSpeech(world.clientA, {
      seconds: 70,
      title: 'Editor meeting',
      participants: ['Budi', 'Sari'],
      segmentSeconds: 30,
    });
    // Someone else takes the first segment, so the browser gets one with context before it.
    const first = await world.transcribers[1].ok('POST', '/api/work/claim');
    expect(first.segment.index).to.equal(0);
    const opts = { viewport: { width: 1280, height: 1000 } };
    [trA, trB, rev] = await Promise.all([
      newTestContext(rig.browser, opts),
      newTestContext(rig.browser, opts),
      newTestContext(rig.browser, opts),
    ]);
  });

  // Each step builds on the one before: after a failure, the rest would only time out.
  let broken = false;
  beforeEach(function () {
    if (broken) this.skip();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') broken = true;
  });

  const transcriber = (): string => rig.world.transcribers[0].user!.email;
  const segment = async (id: string): Promise<SegmentView> =>
    (await rig.srv.admin.ok('GET', `/api/segments/${id}`)).segment;

  let segId: string;
  let pageA: Page;

  it('claims a segment, plays it and types two turns by keyboard, and a reload keeps the text', async function () {
    pageA = await errors.newPage(trA);
    await signIn(pageA, rig.srv.url, transcriber(), '/work');
    segId = await claimNextSegment(pageA);
    const seg = await segment(segId);
    expect(seg.recordingId).to.equal(recordingId);
    expect(seg.index).to.equal(1);
    expect(seg.contextStart).to.be.below(seg.start);
    await pageA.getByRole('heading', { name: /^Segment 2/ }).waitFor();
    expect(await pageA.getByRole('timer').textContent()).to.match(/left/);

    // The audio plays (Ctrl+Space) and stops again.
    const play = pageA.getByRole('button', { name: 'Play', exact: true });
    await play.waitFor();
    await until(async () => play.isEnabled(), 10_000, 'player enabled');
    await pageA.keyboard.press('Control+Space');
    await pageA.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await pageA.keyboard.press('Control+Space');
    await play.waitFor();

    // Back to the start of the audio (the context), then a new turn: it starts where the segment does.
    await pageA.getByText('No turns yet.').waitFor();
    for (let i = 0; i < 10; i++) await pageA.keyboard.press('Alt+ArrowLeft');
    await pageA.keyboard.press('Control+Enter');
    const text1 = pageA.getByLabel('Text of turn 1');
    await text1.waitFor();
    await pageA.getByRole('button', { name: `Jump to ${stamp(seg.start)}` }).waitFor();
    await pageA.keyboard.type('Good morning, everyone.');
    await pageA.keyboard.press('Alt+1');
    expect(await pageA.getByLabel('Speaker of turn 1').inputValue()).to.equal('Budi');
    await waitForLocalDraft(pageA, segId, 'Good morning, everyone.');

    await pageA.reload();
    await pageA.getByLabel('Text of turn 1').waitFor();
    // Opening a segment with text puts the caret in its first turn, ready to type.
    await pageA.waitForFunction(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.id === 'text-1';
    });
    expect(await pageA.getByLabel('Text of turn 1').inputValue()).to.equal('Good morning, everyone.');
    expect(await pageA.getByLabel('Speaker of turn 1').inputValue()).to.equal('Budi');

    // Forward past the context, a second turn for the other speaker, with a tag by shortcut.
    await until(async () => play.isEnabled(), 10_000, 'player enabled after reload');
    // A skip pressed before the reloaded audio can seek is lost on a busy machine: skip until the
    // playhead is past the context.
    const pastContext = seg.start - seg.contextStart + 0.5;
    await until(
      async () => {
        await pageA.keyboard.press('Alt+ArrowRight');
        return (await playhead(pageA)) > pastContext;
      },
      15_000,
      'playhead past the context',
    );
    await pageA.keyboard.press('Control+Enter');
    await pageA.getByLabel('Text of turn 2').waitFor();
    await pageA.keyboard.type('Thanks, Budi. The numbers are');
    await pageA.keyboard.press('Control+i');
    await pageA.keyboard.type('up.');
    expect(await pageA.getByLabel('Speaker of turn 2').inputValue()).to.equal('Sari');
    expect(await pageA.getByLabel('Text of turn 2').inputValue()).to.equal(
      'Thanks, Budi. The numbers are [inaudible] up.',
    );
    await waitForSaveStatus(pageA, 'Saved');

    const saved = await segment(segId);
    expect(saved.turns.map((t) => [t.speaker, t.text])).to.deep.equal([
      ['Budi', 'Good morning, everyone.'],
      ['Sari', 'Thanks, Budi. The numbers are [inaudible] up.'],
    ]);
    expect(saved.turns[0].start).to.equal(seg.start);
    expect(saved.turns[1].start).to.be.above(seg.start).and.below(seg.end);
  });

  it('shows a second window with a stale version the conflict, and lets it take the newer text', async function () {
    errors.allow(/409/);
    const pageB = await errors.newPage(trB);
    await signIn(pageB, rig.srv.url, transcriber(), '/work');
    await pageB.getByRole('link', { name: /^Segment 2 · / }).click();
    await pageB.getByLabel('Text of turn 2').waitFor();

    // The first window saves a newer version...
    await pageA.getByLabel('Text of turn 2').press('End');
    await pageA.keyboard.type(' Sales grew.');
    await waitForSaveStatus(pageA, 'Saved');
    // ...and the second, still on the old one, is told so instead of overwriting it.
    await pageB.getByLabel('Text of turn 1').press('End');
    await pageB.keyboard.type(' Hello!');
    await waitForSaveStatus(pageB, 'Version conflict — choose below');
    await pageB.getByRole('heading', { name: 'Version conflict' }).waitFor();
    await pageB.getByRole('button', { name: /^Take the server/ }).click();
    await pageB.getByRole('heading', { name: 'Version conflict' }).waitFor({ state: 'detached' });
    expect(await pageB.getByLabel('Text of turn 2').inputValue()).to.match(/Sales grew\.$/);
    expect(await pageB.getByLabel('Text of turn 1').inputValue()).to.equal('Good morning, everyone.');
    await pageB.close();
    expect((await segment(segId)).turns[0].text).to.equal('Good morning, everyone.');
  });

  it('submits after confirming the listening warning', async function () {
    await pageA.keyboard.press('Control+Shift+Enter');
    const dialog = pageA.getByRole('dialog', { name: 'Submit without hearing it all?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Submit anyway' }).click();
    await pageA.waitForURL((u) => u.pathname === '/work');
    await pageA.getByText('Segment 2 submitted.').waitFor();
    expect((await segment(segId)).status).to.equal('submitted');
  });

  let pageR: Page;
  it('lets the reviewer return it with a comment, which the transcriber sees and fixes', async function () {
    pageR = await errors.newPage(rev);
    await signIn(pageR, rig.srv.url, rig.world.reviewer.user!.email, '/review');
    await pageR.getByRole('button', { name: 'Claim next segment' }).click();
    await pageR.waitForURL(`**/review/${encodeURIComponent(segId)}`);
    await pageR.getByText(/The transcriber heard/).waitFor();
    await pageR.getByRole('button', { name: 'Return…' }).click();
    await pageR
      .getByLabel('Comment for the transcriber')
      .fill('Turn 2: the speaker says "ten percent", not [inaudible].');
    await pageR.getByRole('button', { name: 'Return segment' }).click();
    await pageR.waitForURL((u) => u.pathname === '/review');
    await pageR.getByText('Segment 2 returned to the transcriber.').waitFor();
    expect((await segment(segId)).status).to.equal('open');

    await pageA.getByRole('button', { name: 'Claim next segment' }).click();
    await pageA.waitForURL(`**/work/${encodeURIComponent(segId)}`);
    const box = pageA.getByRole('region', { name: 'Returned with comments' });
    await box.getByText('the speaker says "ten percent"').waitFor();
    const text2 = pageA.getByLabel('Text of turn 2');
    expect(await text2.inputValue()).to.match(/\[inaudible\] up\. Sales grew\.$/);
    await text2.fill('Thanks, Budi. The numbers are up ten percent. Sales grew.');
    await waitForSaveStatus(pageA, 'Saved');
    await pageA.getByRole('button', { name: 'Submit', exact: true }).click();
    await pageA
      .getByRole('dialog', { name: 'Submit without hearing it all?' })
      .getByRole('button', { name: 'Submit anyway' })
      .click();
    await pageA.getByText('Segment 2 submitted.').waitFor();
  });

  it('lets the reviewer approve the fixed segment', async function () {
    await pageR.getByRole('button', { name: 'Claim next segment' }).click();
    await pageR.waitForURL(`**/review/${encodeURIComponent(segId)}`);
    expect(await pageR.getByLabel('Text of turn 2').inputValue()).to.equal(
      'Thanks, Budi. The numbers are up ten percent. Sales grew.',
    );
    await pageR.getByRole('button', { name: 'Approve' }).click();
    await pageR.waitForURL((u) => u.pathname === '/review');
    await pageR.getByText('Segment 2 approved.').waitFor();
    const done = await segment(segId);
    expect(done.status).to.equal('approved');
    expect(done.turns.map((t) => t.text)).to.deep.equal([
      'Good morning, everyone.',
      'Thanks, Budi. The numbers are up ten percent. Sales grew.',
    ]);
    expect(errors.errors).to.deep.equal([]);
  });
});
