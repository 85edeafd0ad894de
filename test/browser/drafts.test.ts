/**
 * A transcriber corrects a machine draft in real Chromium: the draft's words fill the turns, the
 * unsure ones are marked, Tab / Shift+Tab walk them, a click on a word seeks the audio there, the
 * word playing is highlighted, an edited word loses its mark, and autosave and the heard-gate work.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ADMIN, until } from '../helpers/server.ts';
import {
  PageErrors,
  claimNextSegment,
  newTestContext,
  playhead,
  signIn,
  signInAs,
  uploadSpeech,
  useBrowserRig,
  waitForSaveStatus,
} from '../helpers/browser.ts';
import { readTruth, speechRecording } from '../helpers/media.ts';

interface Word {
  text: string;
  start: number;
  end: number;
  confidence?: number;
}

/** The selected text of the focused textarea, inside the shadow roots. */
const SELECTION = `(() => {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a && a.tagName === 'TEXTAREA' ? [a.id, a.value.slice(a.selectionStart, a.selectionEnd)] : null;
})()`;

describe('browser: correcting a machine draft', function () {
  const rig = useBrowserRig({ world: 1 });
  let page: Page;
  const errors = new PageErrors();

  before(async function () {
    const { world } = rig;
    const id = await uploadSpeech(world.clientA, {
      seconds: 30,
      title: 'Drafted',
      participants: ['Budi', 'Sari'],
      segmentSeconds: 60,
    });
    // AssemblyAI's layout, made from the meeting's known words: every fourth word unsure.
    const truth = readTruth(await speechRecording(30, 'm4a'));
    const words: object[] = [];
    for (const t of truth.turns) {
      const tokens = t.text.split(/\s+/);
      const step = ((t.end - t.start) * 1000) / tokens.length;
      tokens.forEach((text, i) =>
        words.push({
          text,
          start: Math.round(t.start * 1000 + i * step),
          end: Math.round(t.start * 1000 + (i + 1) * step),
          confidence: words.length % 4 === 1 ? 0.3 : 0.97,
          speaker: t.speaker,
        }),
      );
    }
    await world.clientA.ok('PUT', `/api/recordings/${id}/draft?format=assemblyai`, JSON.stringify({ words }));
    page = await errors.newPage(
      await newTestContext(rig.browser, { viewport: { width: 1280, height: 1000 } }),
    );
  });

  it("shows the draft in the turns with its unsure words marked, walks them with Tab, seeks on a click, drops the mark of an edited word, and shows the admin the draft's error rate once approved", async () => {
    await signIn(page, rig.srv.url, rig.world.transcribers[0].user!.email, '/work');
    const segId = await claimNextSegment(page);
    const seg = (await rig.srv.admin.ok('GET', `/api/segments/${segId}`)).segment;
    const drafted: Word[] = seg.draft.words;
    const unsure = drafted.filter((w) => (w.confidence ?? 1) < 0.6);
    expect(unsure.length).to.be.greaterThan(1);

    const first = page.getByLabel('Text of turn 1');
    await first.waitFor();
    expect(await first.inputValue()).to.equal(seg.turns[0].text);
    const marks = page.locator('nt-turn-list .backdrop .w.low');
    await until(async () => (await marks.count()) === unsure.length, 10_000, 'marks');
    const play = page.getByRole('button', { name: 'Play', exact: true });
    await until(async () => play.isEnabled(), 10_000, 'player enabled');

    // Tab from the start of the first turn selects the first unsure word and seeks there; again, the next; Shift+Tab, back.
    await first.evaluate((el: HTMLTextAreaElement) => {
      el.focus();
      el.setSelectionRange(0, 0);
    });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(SELECTION)).to.deep.equal(['text-1', unsure[0].text]);
    await until(
      async () => Math.abs((await playhead(page)) - (unsure[0].start - seg.contextStart)) < 0.05,
      5000,
      'seek to the marked word',
    );
    await page.keyboard.press('Tab');
    expect((await page.evaluate<[string, string]>(SELECTION))[1]).to.equal(unsure[1].text);
    await page.keyboard.press('Shift+Tab');
    expect((await page.evaluate<[string, string]>(SELECTION))[1]).to.equal(unsure[0].text);

    // Past the last marked word, Tab moves the focus on as it always does.
    const last = page.getByLabel(`Text of turn ${seg.turns.length}`);
    await last.evaluate((el: HTMLTextAreaElement) => {
      el.focus();
      el.setSelectionRange(el.value.length, el.value.length);
    });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(SELECTION)).to.equal(null);
    await first.evaluate((el: HTMLTextAreaElement, word: string) => {
      el.focus();
      const at = el.value.indexOf(word);
      el.setSelectionRange(at, at + word.length);
    }, unsure[0].text);

    // Typing over the selected word makes it the transcriber's: its mark goes, and it is saved.
    await page.keyboard.type('corrected');
    await until(async () => (await marks.count()) === unsure.length - 1, 5000, 'one mark fewer');
    await waitForSaveStatus(page, 'Saved');
    const saved = (await rig.srv.admin.ok('GET', `/api/segments/${segId}`)).segment;
    expect(saved.turns[0].text).to.include('corrected');
    // The editor reports the time it had focus, for the admin's editing-time figures.
    expect(saved.editingSeconds).to.be.greaterThan(0);

    // A click on a word seeks to it.
    const target = drafted.find((w) => w !== unsure[0] && seg.turns[0].text.includes(` ${w.text}`))!;
    const at = (await first.inputValue()).indexOf(` ${target.text}`) + 2;
    await first.evaluate((el: HTMLTextAreaElement, k: number) => {
      el.focus();
      el.setSelectionRange(k, k);
      el.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    }, at);
    await until(
      async () => Math.abs((await playhead(page)) - (target.start - seg.contextStart)) < 0.05,
      5000,
      'seek on click',
    );

    // While it plays, the word under the playhead is highlighted.
    await page.keyboard.press('Control+Space');
    await page.locator('nt-turn-list .backdrop .w.playing').first().waitFor();
    await page.keyboard.press('Control+Space');

    // The heard-gate still stands before submitting.
    await page.keyboard.press('Control+Shift+Enter');
    await page.getByRole('heading', { name: 'Submit without hearing it all?' }).waitFor();
    // Submitted and approved, the draft is measured: the admin sees its word error rate.
    const t = rig.world.transcribers[0];
    // Submitted through the API behind the open editor's back, the hold ends there: a heard report
    // the editor sends from then on is answered 409, as it would be for a transcriber whose
    // segment was submitted from another tab.
    errors.allow(/status of 409\b.*\/api\/segments\/[^/\s]+\/heard\b/);
    const [held] = (await t.ok('GET', '/api/work/mine')).segments;
    await t.ok('POST', `/api/segments/${held.id}/submit`, { turns: held.turns, version: held.version });
    const r = await rig.world.reviewer.ok('POST', '/api/review/claim');
    await rig.world.reviewer.ok('POST', `/api/segments/${r.segment.id}/approve`, {
      version: r.segment.version,
    });

    const admin = await errors.newPage(await rig.browser.newContext());
    await signInAs(admin, rig.srv.url, ADMIN.email, ADMIN.password);
    await admin.getByRole('tab', { name: 'Quality' }).click();
    const drafts = admin.getByRole('table', { name: 'Machine drafts against the approved text' });
    await drafts.waitFor();
    const row = drafts.getByRole('row', { name: /Imported assemblyai/ });
    expect(await row.getByRole('cell').nth(2).textContent()).to.equal('1');
    // One word of the draft was corrected: its word error rate is above zero.
    expect(await row.getByRole('cell').nth(3).textContent()).to.match(/^[1-9][\d.]*\s?%$/);
    await admin.getByRole('table', { name: 'Quality per transcriber' }).waitFor();
    expect(errors.errors).to.deep.equal([]);
  });
});
