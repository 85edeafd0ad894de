/**
 * The upload form in real Chromium against a real Notula: languages chosen from a list and checked
 * before anything is sent, a failed file kept with Retry (and Dismiss), a hint on how to resume,
 * and a form that clears after a success.
 */
import { expect } from 'chai';
import type { Page, Route } from 'playwright-core';
import { wavBuffer } from '../helpers/hostile-media.ts';
import { PageErrors, signIn, useBrowserRig } from '../helpers/browser.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('browser: the upload form', function () {
  const rig = useBrowserRig({ world: 0, context: { viewport: { width: 1280, height: 900 } } });
  let seq = 0;
  const errors = new PageErrors();

  /** A short, real WAV file with a name of its own (tus remembers uploads by file). */
  function audioFile(): { name: string; mimeType: string; buffer: Buffer } {
    return { name: `meeting-${++seq}.wav`, mimeType: 'audio/wav', buffer: wavBuffer(2) };
  }

  async function openRecordings(): Promise<Page> {
    const page = await errors.newPage(rig.context);
    await signIn(page, rig.srv.url, rig.world.clientA.user!.email, '/recordings');
    return page;
  }

  async function recordingTitled(title: string): Promise<{ language: string | null } | undefined> {
    const { recordings } = await rig.world.clientA.ok('GET', '/api/recordings');
    return recordings.find((r: { title: string }) => r.title === title);
  }

  it('asks for the language before sending anything, keeping the chosen file', async function () {
    const page = await openRecordings();
    let sent = 0;
    await page.route('**/api/uploads**', (route) => {
      sent++;
      return route.continue();
    });
    const file = audioFile();
    await page.getByLabel('Audio or video files').setInputFiles(file);
    await page.getByLabel('Title').fill('No language yet');
    await page.getByRole('button', { name: 'Upload 1 file' }).click();
    await page.getByRole('alert').filter({ hasText: 'Choose the language of the meeting' }).waitFor();
    expect(sent, 'nothing was sent').to.equal(0);
    await page.getByRole('list', { name: 'Chosen files' }).getByText(file.name).waitFor();

    // A segment length the server would refuse is named before sending, too.
    await page.getByRole('checkbox', { name: 'English' }).check();
    await page.getByLabel('Segment length (seconds, optional)').fill('5');
    await page.getByRole('button', { name: 'Upload 1 file' }).click();
    await page.getByRole('alert').filter({ hasText: 'Segment length (seconds, optional):' }).waitFor();
    expect(sent, 'still nothing sent').to.equal(0);
    await page.getByLabel('Segment length (seconds, optional)').fill('');

    // Two languages from the list: the recording is told both, and the form clears after the upload.
    await page.getByRole('checkbox', { name: 'Indonesian' }).check();
    await page.getByLabel('Participants (comma-separated)').fill('Budi, Sari');
    await page.getByRole('button', { name: 'Upload 1 file' }).click();
    await page.getByText('Upload complete').waitFor();
    expect((await recordingTitled('No language yet'))?.language).to.equal('id,en');
    expect(await page.getByLabel('Title').inputValue()).to.equal('');
    expect(await page.getByLabel('Participants (comma-separated)').inputValue()).to.equal('');
    expect(await page.getByRole('checkbox', { name: 'English' }).isChecked()).to.equal(false);
    await page.getByRole('button', { name: 'Upload', exact: true }).waitFor();
    expect(errors.errors).to.deep.equal([]);
  });

  it('makes "mixed" a choice of its own', async function () {
    const page = await openRecordings();
    await page.getByRole('checkbox', { name: 'English' }).check();
    await page.getByRole('checkbox', { name: 'Mixed or other' }).check();
    expect(await page.getByRole('checkbox', { name: 'English' }).isChecked()).to.equal(false);
    await page.getByRole('checkbox', { name: 'Javanese' }).check();
    expect(await page.getByRole('checkbox', { name: 'Mixed or other' }).isChecked()).to.equal(false);
  });

  it('keeps a refused file with Retry, sends it again with the same details, and lets a failed row be dismissed', async function () {
    const page = await openRecordings();
    errors.allow(/status of 400/);
    // The server refuses the first creation (as it would a bad field); the next ones pass.
    let refusals = 1;
    await page.route('**/api/uploads', (route: Route) => {
      if (route.request().method() === 'POST' && refusals-- > 0) {
        return route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'validation_failed', message: 'Refused for the test.' } }),
        });
      }
      return route.continue();
    });
    const file = audioFile();
    await page.getByLabel('Audio or video files').setInputFiles(file);
    await page.getByLabel('Title').fill('Retried meeting');
    await page.getByRole('checkbox', { name: 'Indonesian' }).check();
    await page.getByRole('button', { name: 'Upload 1 file' }).click();
    const row = page.getByRole('listitem').filter({ hasText: file.name });
    await row.getByText('Refused for the test.').waitFor();
    // A refusal keeps what was typed: nothing has to be typed again.
    expect(await page.getByLabel('Title').inputValue()).to.equal('Retried meeting');
    await row.getByRole('button', { name: 'Retry' }).click();
    await row.getByText('Upload complete').waitFor();
    expect((await recordingTitled('Retried meeting'))?.language).to.equal('id');

    // A failed row can go.
    refusals = 1;
    const other = audioFile();
    await page.getByLabel('Audio or video files').setInputFiles(other);
    await page.getByRole('checkbox', { name: 'English' }).check();
    await page.getByRole('button', { name: 'Upload 1 file' }).click();
    const failed = page.getByRole('listitem').filter({ hasText: other.name });
    await failed.getByText('Failed').waitFor();
    await failed.getByRole('button', { name: `Dismiss ${other.name}` }).click();
    await failed.waitFor({ state: 'detached' });
    expect(errors.errors).to.deep.equal([]);
  });

  it('says how to resume: Retry here, or the same file again after the page was closed', async function () {
    const page = await openRecordings();
    errors.allow(/status of 429/);
    await page.route('**/api/uploads', (route: Route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 429,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many uploads at once.' } }),
          })
        : route.continue(),
    );
    const file = audioFile();
    await page.getByLabel('Audio or video files').setInputFiles(file);
    await page.getByRole('checkbox', { name: 'English' }).check();
    await page.getByRole('button', { name: 'Upload 1 file' }).click();
    await page.getByText('After closing this page, choose the same file again to continue.').waitFor();

    // An upload begun elsewhere and never finished: its row in the list says how to go on.
    await rig.world.clientA.req('POST', '/api/uploads', undefined, {
      'tus-resumable': '1.0.0',
      'upload-length': '5000',
      'upload-metadata': `filename ${b64('interrupted.wav')},title ${b64('Interrupted meeting')}`,
    });
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: 'Interrupted meeting' });
    await row.getByText('Choose the same file again above to continue.').waitFor();
    expect(errors.errors).to.deep.equal([]);
  });
});
