/**
 * People in real Chromium: an admin invites a user, who follows the link, chooses a password and
 * lands signed in; a returned segment waits on its transcriber's Work page with the comment, and
 * the reviewer's second pass compares with the version that was returned.
 */
import { expect } from 'chai';
import { ADMIN } from '../helpers/server.ts';
import { Api } from '../helpers/api.ts';
import { seedRecording } from '../helpers/seed.ts';
import { PageErrors, signInAs, useBrowserRig } from '../helpers/browser.ts';

describe('browser: invites and the return loop', function () {
  const rig = useBrowserRig({ context: { viewport: { width: 1280, height: 900 } } });
  const errors = new PageErrors();

  it('lets an admin invite a user by name, and the invited person choose a password and land signed in', async function () {
    const page = await errors.newPage(rig.context);
    await signInAs(page, rig.srv.url, ADMIN.email, ADMIN.password);
    await page.goto(`${rig.srv.url}/admin?tab=users`);
    await page.getByLabel('Email', { exact: true }).fill('putri@bureau.test');
    await page.getByLabel('Name', { exact: true }).fill('Putri Ayu');
    await page.getByLabel('Role', { exact: true }).selectOption('transcriber');
    await page.getByRole('button', { name: 'Invite or create' }).click();
    const link = await page.getByLabel('Link for putri@bureau.test').inputValue();
    expect(link).to.match(new RegExp(`^${rig.srv.url}/invite#token=`));
    const row = page.getByRole('row', { name: /putri@bureau\.test/ });
    expect(await row.innerText()).to.include('invited');
    expect(await page.getByLabel('Name of putri@bureau.test').inputValue()).to.equal('Putri Ayu');

    const invited = await errors.newPage(await rig.browser.newContext());
    await invited.goto(link);
    await invited.getByRole('heading', { name: 'Welcome to Notula' }).waitFor();
    // The secret leaves the address bar as soon as the page has read it.
    expect(new URL(invited.url()).hash).to.equal('');
    await invited.getByLabel('New password', { exact: true }).fill('putri-password-1');
    await invited.getByLabel('New password again').fill('putri-password-1');
    await invited.getByRole('button', { name: 'Set password and sign in' }).click();
    await invited.waitForURL((u) => u.pathname === '/work');
    await invited.getByText('Putri Ayu').waitFor();
    await new Api(rig.srv.url).login('putri@bureau.test', 'putri-password-1');
    expect(errors.errors).to.deep.equal([]);
  });

  it('shows a returned segment on its transcriber’s Work page with the comment, and the reviewer what changed since', async function () {
    const orgId = (await rig.srv.admin.ok('POST', '/api/orgs', { name: 'Return org' })).org.id;
    const make = async (email: string, name: string, role: string): Promise<Api> => {
      await rig.srv.admin.ok('POST', '/api/users', { email, name, password: 'password-123', role });
      const api = new Api(rig.srv.url);
      await api.login(email, 'password-123');
      return api;
    };
    const ani = await make('ani@bureau.test', 'Ani', 'transcriber');
    const rina = await make('rina@bureau.test', 'Rina', 'reviewer');
    await seedRecording(rig.srv, orgId, { segments: 1 });
    const c = await ani.ok('POST', '/api/work/claim');
    const sub = await ani.ok('POST', `/api/segments/${c.segment.id}/submit`, {
      turns: [{ speaker: 'Budi', start: c.segment.start, text: 'Selamat pagi semua.' }],
      version: c.segment.version,
    });
    await rina.ok('POST', '/api/review/claim');
    await rina.ok('POST', `/api/segments/${c.segment.id}/return`, {
      comment: 'The second sentence is missing.',
      version: sub.segment.version,
    });

    const page = await errors.newPage(rig.context);
    await signInAs(page, rig.srv.url, 'ani@bureau.test', 'password-123');
    const returned = page.getByRole('region', { name: 'Returned to you' });
    await returned.getByText('The second sentence is missing.').waitFor();
    await returned.getByRole('button', { name: 'Fix it' }).click();
    await page.waitForURL((u) => u.pathname === `/work/${c.segment.id}`);
    await page
      .getByRole('region', { name: 'Returned with comments' })
      .getByText('The second sentence is missing.')
      .waitFor();
    // Ani submits through the API next: her editor, left open, could still fetch the segment's
    // audio (range requests come whenever the player wants more), and after the submit that is a
    // 404 by design, as for a segment submitted from another tab.
    await page.close();

    const held = await ani.ok('GET', `/api/segments/${c.segment.id}`);
    await ani.ok('POST', `/api/segments/${c.segment.id}/submit`, {
      turns: [{ speaker: 'Budi', start: c.segment.start, text: 'Selamat pagi semua. Mari kita mulai.' }],
      version: held.segment.version,
    });
    const review = await errors.newPage(await rig.browser.newContext());
    await signInAs(review, rig.srv.url, 'rina@bureau.test', 'password-123');
    await review.getByRole('button', { name: 'Claim next segment' }).click();
    await review.getByRole('heading', { name: 'Changes since it was returned' }).waitFor();
    await review.getByText('Mari kita mulai.').first().waitFor();
    await review.getByText('History (3)').click();
    await review
      .getByText(/submitted by Ani/)
      .first()
      .waitFor();
    await review.getByText(/returned by Rina/).waitFor();
    expect(errors.errors).to.deep.equal([]);
  });

  it('shows an admin each recording’s organisation, and the audit log of one person only when asked', async function () {
    const orgId = (await rig.srv.admin.ok('POST', '/api/orgs', { name: 'PT Audit Jaya' })).org.id;
    await seedRecording(rig.srv, orgId, { segments: 1, title: 'Rapat audit' });
    await rig.srv.admin.ok('POST', '/api/users', {
      email: 'wulan@bureau.test',
      name: 'Wulan',
      password: 'password-123',
      role: 'reviewer',
    });
    await new Api(rig.srv.url).login('wulan@bureau.test', 'password-123');
    const page = await errors.newPage(rig.context);
    await signInAs(page, rig.srv.url, ADMIN.email, ADMIN.password);
    await page.goto(`${rig.srv.url}/recordings`);
    await page.getByRole('columnheader', { name: 'Organisation' }).waitFor();
    expect(await page.getByRole('row', { name: /Rapat audit/ }).innerText()).to.include('PT Audit Jaya');

    await page.goto(`${rig.srv.url}/admin?tab=audit`);
    await page.getByRole('table', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Person').selectOption({ label: 'Wulan (wulan@bureau.test)' });
    await page.getByLabel('Action').fill('login');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('table', { name: 'Audit log' }).waitFor();
    const rows = page.getByRole('table', { name: 'Audit log' }).locator('tbody tr');
    await rows.first().waitFor();
    const texts = await rows.allInnerTexts();
    expect(texts).to.have.length(1);
    expect(texts[0]).to.include('Wulan');
    expect(errors.errors).to.deep.equal([]);
  });

  it('tells a transcriber whose recording was deleted exactly that', async function () {
    const orgId = (await rig.srv.admin.ok('POST', '/api/orgs', { name: 'PT Hapus' })).org.id;
    const { recording } = await seedRecording(rig.srv, orgId, { segments: 1, priority: 99 });
    await rig.srv.admin.ok('POST', '/api/users', {
      email: 'dimas@bureau.test',
      password: 'password-123',
      role: 'transcriber',
    });
    const dimas = new Api(rig.srv.url);
    await dimas.login('dimas@bureau.test', 'password-123');
    const { segment } = await dimas.ok('POST', '/api/work/claim');
    await dimas.ok('PUT', `/api/segments/${segment.id}/draft`, {
      turns: [{ speaker: 'Budi', start: segment.start, text: 'Selamat' }],
      version: segment.version,
    });
    errors.allow(/404/);
    const page = await errors.newPage(rig.context);
    await signInAs(page, rig.srv.url, 'dimas@bureau.test', 'password-123');
    await page.goto(`${rig.srv.url}/work/${segment.id}`);
    const text = page.getByLabel('Text of turn 1');
    await text.waitFor();
    // Deleted while it is open: the next save says why it is refused, not that a hold ended.
    await rig.srv.admin.ok('DELETE', `/api/recordings/${recording._id}`);
    await text.fill('Selamat pagi');
    await page.getByText('its recording was deleted by the client').waitFor();
    expect(await page.getByText('Your hold on this segment ended').count()).to.equal(0);
    await page.reload();
    await page.getByText('its recording was deleted by the client').waitFor();
    expect(await page.getByText('may have expired').count()).to.equal(0);
  });
});
