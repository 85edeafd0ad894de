import { expect } from 'chai';
import { startServer, type TestServer } from '../helpers/server.ts';
import { Api } from '../helpers/api.ts';
import { collectionOf } from '../../server/services/collections.ts';
import type { EmbeddedStore } from '../../server/store/embedded/store.ts';
import type { ColdCollection } from '../../server/store/embedded/cold-collection.ts';
import type { AuditDoc } from '../../server/domain.ts';

const DAY = 24 * 3600 * 1000;

describe('the audit log, filtered by user, action and date', () => {
  let srv: TestServer;
  let budiId: string;
  let sariId: string;
  const day0 = Date.parse('2026-11-02T00:00:00.000Z');

  before(async () => {
    srv = await startServer();
    const make = async (email: string, name: string) =>
      (
        await srv.admin.ok('POST', '/api/users', {
          email,
          name,
          password: 'password-123',
          role: 'transcriber',
        })
      ).user.id as string;
    budiId = await make('budi@bureau.test', 'Budi Santoso');
    sariId = await make('sari@bureau.test', 'Sari');
    // A month of history written straight into the log: 3,000 entries, 1 in 30 by Budi.
    const audit = collectionOf(srv.running.services.store, 'audit');
    const docs: AuditDoc[] = Array.from({ length: 3000 }, (_, i) => ({
      _id: `h${String(i).padStart(5, '0')}`,
      at: day0 + Math.floor(i / 100) * DAY + (i % 100) * 1000,
      actorId: i % 30 === 0 ? budiId : sariId,
      orgId: null,
      action: i % 3 === 0 ? 'segment.submit' : 'segment.save',
      target: `seg${i}`,
      ip: null,
    }));
    await audit.insertMany(docs);
  });
  after(() => srv.stop());

  it('shows one person’s actions on chosen days by name, a page at a time, without reading anyone else’s', async () => {
    const store = srv.running.services.store as EmbeddedStore;
    const cold = store.collection('audit') as unknown as ColdCollection<AuditDoc>;
    const before = store.kind === 'embedded' ? cold.rowsRead : 0;
    const q = `/api/audit?userId=${budiId}&action=segment.submit&from=2026-11-05&to=2026-11-06&limit=3`;
    const first = await srv.admin.ok('GET', q);
    // Budi's submits on 5 and 6 November: i = 300…499 with i % 30 === 0 (all submits): 7 entries.
    expect(first.entries.map((e: { target: string }) => e.target)).to.deep.equal([
      'seg480',
      'seg450',
      'seg420',
    ]);
    expect(first.entries[0]).to.include({ actorName: 'Budi Santoso', action: 'segment.submit' });
    const seen: string[] = first.entries.map((e: { target: string }) => e.target);
    let cursor: string | null = first.nextCursor;
    while (cursor) {
      const page = await srv.admin.ok('GET', `${q}&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...page.entries.map((e: { target: string }) => e.target));
      cursor = page.nextCursor;
    }
    expect(seen).to.deep.equal(Array.from({ length: 7 }, (_, i) => `seg${480 - 30 * i}`));
    if (store.kind === 'embedded') {
      // Budi's entries of those days (his index, within the dates), never the 3,000 of the whole log.
      expect(cold.rowsRead - before).to.be.below(30);
    }
  });

  it('filters by action and date alone, and refuses a date it cannot read', async () => {
    const r = await srv.admin.ok('GET', '/api/audit?action=segment.save&from=2026-11-30&limit=1000');
    expect(r.entries).to.have.length(134);
    expect(
      r.entries.every((e: { actorName: string }) => ['Sari', 'Budi Santoso'].includes(e.actorName)),
    ).to.equal(true);
    const bad = await srv.admin.req('GET', '/api/audit?from=yesterday');
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(bad.body.error.details)).to.include('from');
  });

  it('is for admins only', async () => {
    const sari = new Api(srv.url);
    await sari.login('sari@bureau.test', 'password-123');
    expect((await sari.req('GET', `/api/audit?userId=${sariId}`)).status).to.equal(404);
  });
});
