/**
 * Every page of every role opened in real Chromium against a real Notula, with no uncaught
 * error or console error; and the reviewer's whole-recording view with its speaker names.
 */
import { expect } from 'chai';
import { ADMIN } from '../helpers/server.ts';
import { seedSubmitted } from '../helpers/seed.ts';
import { PASSWORD, PageErrors, signInAs, useBrowserRig } from '../helpers/browser.ts';

describe('browser: every page opens without errors', function () {
  const rig = useBrowserRig({ world: 1, context: { viewport: { width: 1280, height: 900 } } });
  let recordingId: string;
  const errors = new PageErrors();

  before(async function () {
    const seeded = await seedSubmitted(
      rig.srv,
      rig.world.orgA,
      { segments: 3, title: 'Seeded board meeting' },
      (seg) => [
        { speaker: 'Speaker 1', start: seg.start, text: `Opening words of part ${seg.index + 1}.` },
        { speaker: 'Speaker 2', start: seg.start + 30, text: `An answer in part ${seg.index + 1}.` },
      ],
    );
    recordingId = seeded.recording._id;
  });

  it('sends a signed-out visitor to the sign-in page and back where they were going', async function () {
    errors.allow(/401.*\/api\/auth\/login$/);
    const page = await errors.newPage(rig.context);
    await page.goto(`${rig.srv.url}/recordings/${recordingId}`);
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByLabel('Email').fill(rig.world.clientA.user!.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Seeded board meeting' }).waitFor();
    expect(new URL(page.url()).pathname).to.equal(`/recordings/${recordingId}`);
    expect(errors.errors).to.deep.equal([]);
  });

  it('shows an admin every administration tab, the account page and a not-found page', async function () {
    const page = await errors.newPage(rig.context);
    await signInAs(page, rig.srv.url, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    for (const tab of ['Organisations', 'Users', 'Queue', 'Quality', 'Audit log', 'Webhooks']) {
      await page.getByRole('tab', { name: tab }).click();
      expect(await page.getByRole('tab', { name: tab }).getAttribute('aria-selected')).to.equal('true');
      await page.getByRole('tabpanel').waitFor();
    }
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    await page.goto(`${rig.srv.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(errors.errors).to.deep.equal([]);
  });

  it('lets a user create an API token that expires in 90 days and shows when it expires', async function () {
    const page = await errors.newPage(rig.context);
    await signInAs(page, rig.srv.url, rig.world.clientB.user!.email);
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByLabel('Token name').fill('uploader script');
    expect(await page.getByLabel('Expires after').inputValue()).to.equal('90');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('New token (shown once').waitFor();
    const row = page.getByRole('row', { name: /uploader script/ });
    await row.waitFor();
    const { tokens } = await rig.world.clientB.ok('GET', '/api/tokens');
    const made = tokens.find((t: { name: string }) => t.name === 'uploader script');
    const days = (Date.parse(made.expiresAt) - Date.now()) / 86_400_000;
    expect(days).to.be.within(89.9, 90);
    const shown = await page.evaluate(
      (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
      made.expiresAt as string,
    );
    expect(await row.innerText()).to.include(shown);
    expect(errors.errors).to.deep.equal([]);
  });

  it('keeps a transcriber out of the client pages', async function () {
    const page = await errors.newPage(rig.context);
    await signInAs(page, rig.srv.url, rig.world.transcribers[0].user!.email);
    await page.getByRole('button', { name: 'Claim next segment' }).waitFor();
    await page.goto(`${rig.srv.url}/recordings/${recordingId}`);
    await page.waitForURL((u) => u.pathname === '/work');
    await page.getByText('You hold no segments.').waitFor();
    expect(errors.errors).to.deep.equal([]);
  });

  it('shows a reviewer a whole recording and renames its speakers in the text', async function () {
    const page = await errors.newPage(rig.context);
    await signInAs(page, rig.srv.url, rig.world.reviewer.user!.email);
    await page.getByRole('link', { name: 'Seeded board meeting' }).click();
    await page.getByRole('separator', { name: 'segment 3 · 04:00' }).waitFor();
    expect(await page.getByText('Speaker 1:').count()).to.equal(3);
    await page.getByLabel('New name for Speaker 1').fill('Budi');
    await page.getByLabel('New name for Speaker 2').fill('Sari');
    await page.getByRole('button', { name: 'Save speaker names' }).click();
    await page.getByText('Speaker names saved in every segment.').waitFor();
    await page.getByText('Budi:').first().waitFor();
    expect(await page.getByText('Speaker 1:').count()).to.equal(0);
    expect(await page.getByText('Sari:').count()).to.equal(3);
    const { recording } = await rig.world.reviewer.ok('GET', `/api/review/recordings/${recordingId}`);
    expect(recording.speakerMap).to.deep.equal({ 'Speaker 1': 'Budi', 'Speaker 2': 'Sari' });
    expect(errors.errors).to.deep.equal([]);
  });
});
