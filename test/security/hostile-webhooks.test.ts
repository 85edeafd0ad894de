import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OrgDoc } from '../../server/domain.ts';
import { startServer, makeWorld, until, type TestServer, type World } from '../helpers/server.ts';
import { seedRecording } from '../helpers/seed.ts';

const GENERIC = 'delivery failed: the target refused or could not be reached';

/** A receiver on loopback that records what reaches it and answers `status`. */
async function receiver(status: number) {
  const got: { path?: string; auth?: string }[] = [];
  const server = http.createServer((req, res) => {
    got.push({ path: req.url, auth: req.headers.authorization });
    req.resume();
    req.on('end', () => res.writeHead(status).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { got, server, port: (server.address() as AddressInfo).port };
}

/** Takes a seeded one-segment recording to `completed` through the real endpoints: the webhook fires. */
async function completeOne(srv: TestServer, w: World): Promise<string> {
  const { recording } = await seedRecording(srv, w.orgA, { segments: 1 });
  const t = w.transcribers[0];
  const { segment } = await t.ok('POST', '/api/work/claim');
  await t.ok('POST', `/api/segments/${segment.id}/submit`, {
    turns: [{ speaker: 'Budi', start: segment.start + 0.5, text: 'Hello.' }],
    version: segment.version,
    heardRatio: 1,
  });
  const c = await w.reviewer.ok('POST', '/api/review/claim');
  await w.reviewer.ok('POST', `/api/segments/${c.segment.id}/approve`, { version: c.segment.version });
  return recording._id;
}

interface Delivery {
  recordingId: string;
  url: string;
  status: string;
  attempts: number;
  lastError: string | null;
  responseStatus: number | null;
}

function deliveryOf(srv: TestServer, w: World, recordingId: string, done: (d: Delivery) => boolean) {
  return until(
    async () => {
      const list = await srv.admin.ok('GET', `/api/webhooks/deliveries?orgId=${w.orgA}`);
      const d = (list.deliveries as Delivery[]).find((x) => x.recordingId === recordingId);
      return d && done(d) ? d : null;
    },
    20_000,
    'webhook delivery attempted',
  );
}

describe('hostile webhook targets', () => {
  describe('with the default settings', () => {
    let srv: TestServer;
    let w: World;
    before(async () => {
      srv = await startServer();
      w = await makeWorld(srv, 1);
    });
    after(() => srv?.stop());

    // Loopback, private, link-local, unique-local, unspecified, CGNAT, multicast, broadcast, and the
    // spellings of them that the URL parser normalises (decimal, octal, short, hex, mapped IPv6).
    const forbidden = [
      'http://127.0.0.1:3000/api/admin/queue',
      'http://localhost:3000/hook',
      'http://2130706433/hook',
      'http://0177.0.0.1/hook',
      'http://127.1/hook',
      'http://0x7f.0.0.1/hook',
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[::ffff:7f00:1]/hook',
      'http://[::127.0.0.1]/hook',
      'http://10.0.0.5/hook',
      'http://172.16.0.1/hook',
      'http://192.168.1.1/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/hook',
      'http://[fd00::1]/hook',
      'http://0.0.0.0:3000/hook',
      'http://[::]/hook',
      'http://100.64.0.1/hook',
      'http://224.0.0.1/hook',
      'http://255.255.255.255/hook',
      'https://user:pass@10.0.0.1/hook',
    ];
    for (const url of forbidden) {
      it(`refuses to save the webhook ${url} with 400 naming webhookUrl, and keeps the old one`, async () => {
        const r = await srv.admin.req('PATCH', `/api/orgs/${w.orgA}`, { webhookUrl: url });
        expect(r.status, r.text).to.equal(400);
        expect(r.body.error.code).to.equal('validation_failed');
        expect(r.body.error.details.fields[0].field).to.equal('webhookUrl');
        expect(r.body.error.message).to.match(
          /webhookUrl: points to .*webhooks may only go to public addresses/,
        );
        expect(r.text).not.to.include('pass');
        const orgs = await srv.admin.ok('GET', '/api/orgs');
        expect(orgs.orgs.find((o: { id: string }) => o.id === w.orgA).webhookUrl).to.equal(null);
      });
    }

    it('refuses webhook URLs that are not http(s) with 400 naming webhookUrl', async () => {
      for (const url of ['javascript:alert(1)', 'ftp://hooks.example.com/', 'file:///etc/passwd']) {
        const r = await srv.admin.req('PATCH', `/api/orgs/${w.orgA}`, { webhookUrl: url });
        expect(r.status, url).to.equal(400);
        expect(r.body.error.details.fields[0]).to.deep.equal({
          field: 'webhookUrl',
          problem: 'must be an http(s) URL',
        });
      }
    });

    it('saves a public webhook URL', async () => {
      const r = await srv.admin.ok('PATCH', `/api/orgs/${w.orgB}`, {
        webhookUrl: 'https://hooks.example.com/notula',
      });
      expect(r.org.webhookUrl).to.equal('https://hooks.example.com/notula');
    });

    it('refuses at delivery a webhook to localhost saved before the rule existed: the receiver gets nothing', async () => {
      const hook = await receiver(204);
      try {
        // Written past the API, as an older version of Notula would have stored it.
        await srv.running.services.store
          .collection<OrgDoc>('orgs')
          .updateOne({ _id: w.orgA }, { $set: { webhookUrl: `http://localhost:${hook.port}/hook` } });
        const recordingId = await completeOne(srv, w);
        const d = await deliveryOf(srv, w, recordingId, (x) => x.status !== 'pending');
        expect(d).to.include({ status: 'failed', attempts: 1, lastError: GENERIC, responseStatus: null });
        expect(hook.got).to.deep.equal([]);
      } finally {
        hook.server.close();
      }
    });
  });

  describe('with WEBHOOK_ALLOW_PRIVATE=true (on-premises)', () => {
    let srv: TestServer;
    let w: World;
    const logs: string[] = [];
    before(async () => {
      srv = await startServer(
        { WEBHOOK_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'trace' },
        { logs: (l) => logs.push(l) },
      );
      w = await makeWorld(srv, 1);
    });
    after(() => srv?.stop());

    it('still refuses link-local (cloud metadata), unspecified and multicast targets', async () => {
      for (const url of [
        'http://169.254.169.254/latest/meta-data/',
        'http://0.0.0.0/',
        'http://[ff02::1]/',
      ]) {
        const r = await srv.admin.req('PATCH', `/api/orgs/${w.orgB}`, { webhookUrl: url });
        expect(r.status, url).to.equal(400);
        expect(r.body.error.details.fields[0].field).to.equal('webhookUrl');
      }
    });

    it('shows only a generic error for a target that does not answer, not the network error', async () => {
      const closed = await receiver(204);
      closed.server.close();
      await srv.admin.ok('PATCH', `/api/orgs/${w.orgA}`, {
        webhookUrl: `http://127.0.0.1:${closed.port}/hook`,
      });
      const recordingId = await completeOne(srv, w);
      const d = await deliveryOf(srv, w, recordingId, (x) => x.attempts >= 1);
      expect(d).to.include({ lastError: GENERIC, responseStatus: null });
    });

    it('keeps credentials in the webhook URL out of the org JSON, the audit log, the delivery list and the logs', async () => {
      const password = 'hook-PASSWORD-91f3';
      const hook = await receiver(500);
      try {
        const url = `http://hookuser:${password}@127.0.0.1:${hook.port}/in`;
        const redacted = `http://***:***@127.0.0.1:${hook.port}/in`;
        const saved = await srv.admin.ok('PATCH', `/api/orgs/${w.orgA}`, { webhookUrl: url });
        expect(saved.org.webhookUrl).to.equal(redacted);
        const listed = await srv.admin.ok('GET', '/api/orgs');
        expect(JSON.stringify(listed)).not.to.include(password);
        // The admin form sends back what it was shown: the credentials stay as they were.
        await srv.admin.ok('PATCH', `/api/orgs/${w.orgA}`, { webhookUrl: redacted, retentionDays: 30 });

        const recordingId = await completeOne(srv, w);
        const d = await deliveryOf(srv, w, recordingId, (x) => x.attempts >= 1);
        expect(d).to.include({
          url: redacted,
          responseStatus: 500,
          lastError: 'the receiver answered HTTP 500',
        });
        expect(hook.got[0].auth).to.equal(`Basic ${Buffer.from(`hookuser:${password}`).toString('base64')}`);

        const audit = await srv.admin.ok('GET', '/api/audit?action=org.update&limit=1000');
        const updates = audit.entries.filter((e: { target: string }) => e.target === w.orgA);
        expect(updates.map((e: { details: { webhookUrl?: string } }) => e.details.webhookUrl)).to.include(
          redacted,
        );
        expect(JSON.stringify(audit)).not.to.include(password);
        const deliveries = await srv.admin.ok('GET', '/api/webhooks/deliveries');
        expect(JSON.stringify(deliveries)).not.to.include(password);

        const all = logs.join('');
        expect(all).to.include(`127.0.0.1:${hook.port}`); // the failed attempt was logged…
        expect(all).not.to.include(password); // …without the password
        expect(all).not.to.include(encodeURIComponent(password));
      } finally {
        hook.server.close();
      }
    });
  });
});
