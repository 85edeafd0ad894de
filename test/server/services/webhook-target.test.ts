import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationError } from '../../../server/errors.ts';
import {
  TargetRefusedError,
  WebhookTargets,
  pinnedLookup,
  postToTarget,
  redactUrl,
  type ResolvedAddress,
} from '../../../server/services/webhook-target.ts';

/** A DNS stand-in: answers from `table`, counts the questions. `.invalid` never resolves for real. */
function fakeDns(table: Record<string, string[] | (() => string[])>) {
  const asked: string[] = [];
  const resolve = async (host: string): Promise<ResolvedAddress[]> => {
    asked.push(host);
    const entry = table[host];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    const list = typeof entry === 'function' ? entry() : entry;
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, asked };
}

function saveError(targets: WebhookTargets, url: string): ValidationError {
  try {
    targets.forSave(url, null);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error(`${url} was accepted`);
}

describe('webhook targets', () => {
  describe('at save time', () => {
    const strict = new WebhookTargets({ allowPrivate: false });

    // Each spelling the URL parser turns into a forbidden address, and each forbidden range.
    const refused: [url: string, says: RegExp][] = [
      ['http://127.0.0.1:8080/hook', /127\.0\.0\.1, a loopback address/],
      ['http://2130706433/hook', /127\.0\.0\.1, a loopback/],
      ['http://0177.0.0.1/hook', /127\.0\.0\.1, a loopback/],
      ['http://127.1/hook', /127\.0\.0\.1, a loopback/],
      ['http://0x7f.1/hook', /127\.0\.0\.1, a loopback/],
      ['http://0x7f000001/hook', /127\.0\.0\.1, a loopback/],
      ['http://127.0.0.1./hook', /127\.0\.0\.1, a loopback/],
      ['http://%31%32%37.0.0.1/hook', /127\.0\.0\.1, a loopback/],
      ['http://①②⑦.0.0.1/hook', /127\.0\.0\.1, a loopback/],
      ['http://localhost/hook', /localhost, a loopback/],
      ['http://LOCALHOST./hook', /localhost\., a loopback/],
      ['http://api.localhost/hook', /a loopback/],
      ['http://[::1]/hook', /::1, a loopback/],
      ['http://[::ffff:127.0.0.1]/hook', /::ffff:7f00:1, a loopback/],
      ['http://[::ffff:7f00:1]/hook', /a loopback/],
      ['http://[0:0:0:0:0:ffff:a00:1]/hook', /a private-network/],
      ['http://[::127.0.0.1]/hook', /a reserved/],
      ['http://[64:ff9b::7f00:1]/hook', /a loopback/],
      ['http://[2002:7f00:1::]/hook', /a loopback/],
      ['http://10.0.0.5/hook', /a private-network/],
      ['http://172.16.0.1/hook', /a private-network/],
      ['http://172.31.255.255/hook', /a private-network/],
      ['http://192.168.1.1/hook', /a private-network/],
      ['http://169.254.169.254/latest/meta-data/', /a link-local/],
      ['http://[fe80::1]/hook', /a link-local/],
      ['http://[fc00::1]/hook', /a unique-local/],
      ['http://[fd12:3456::1]/hook', /a unique-local/],
      ['http://0.0.0.0/hook', /an unspecified/],
      ['http://0/hook', /0\.0\.0\.0, an unspecified/],
      ['http://[::]/hook', /an unspecified/],
      ['http://100.64.0.1/hook', /carrier-grade NAT/],
      ['http://100.127.255.254/hook', /carrier-grade NAT/],
      ['http://224.0.0.1/hook', /a multicast/],
      ['http://[ff02::1]/hook', /a multicast/],
      ['http://255.255.255.255/hook', /the broadcast/],
      ['https://user:pass@127.0.0.1/hook', /a loopback/],
      ['ftp://hooks.example.com/hook', /http\(s\)/],
      ['javascript:alert(1)', /http\(s\)/],
      ['not a url', /absolute http\(s\) URL/],
    ];
    for (const [url, says] of refused) {
      it(`refuses ${url}, naming webhookUrl and the reason`, () => {
        const e = saveError(strict, url);
        expect(e.status).to.equal(400);
        expect(e.message)
          .to.match(/webhookUrl/)
          .and.match(says);
        expect(e.details).to.deep.equal({
          fields: [{ field: 'webhookUrl', problem: e.message.split('webhookUrl: ')[1].replace(/\.$/, '') }],
        });
        expect(e.message).not.to.include('pass');
      });
    }

    it('accepts public addresses and names (names are checked again at delivery)', () => {
      for (const url of [
        'https://hooks.example.com/notula',
        'http://8.8.8.8/hook',
        'http://100.128.0.1/hook',
        'http://172.32.0.1/hook',
        'http://[2001:4860:4860::8888]:8443/hook',
        'http://[::ffff:8.8.8.8]/hook',
        'https://user:pass@hooks.example.com/hook',
      ]) {
        expect(strict.forSave(url, null), url).to.equal(url);
      }
      expect(strict.forSave(null, 'https://old.example.com/')).to.equal(null);
      expect(strict.forSave(undefined, 'https://old.example.com/')).to.equal(undefined);
    });

    it('says how to allow private targets only where the setting would help', () => {
      expect(saveError(strict, 'http://10.0.0.1/').message).to.include('WEBHOOK_ALLOW_PRIVATE=true');
      expect(saveError(strict, 'http://169.254.169.254/').message).not.to.include('WEBHOOK_ALLOW_PRIVATE');
    });

    it('keeps the stored credentials when an admin saves back the redacted URL it was shown', () => {
      const stored = 'https://hookuser:s3cr%40t@hooks.example.com/in';
      expect(redactUrl(stored)).to.equal('https://***:***@hooks.example.com/in');
      expect(strict.forSave(redactUrl(stored), stored)).to.equal(stored);
      expect(strict.forSave('https://u2:p2@hooks.example.com/in', stored)).to.equal(
        'https://u2:p2@hooks.example.com/in',
      );
      expect(strict.forSave('https://***:***@elsewhere.example.com/', stored)).to.equal(
        'https://***:***@elsewhere.example.com/',
      );
    });

    it('with WEBHOOK_ALLOW_PRIVATE, lets loopback and private networks through but not link-local, unspecified or multicast', () => {
      const onPrem = new WebhookTargets({ allowPrivate: true });
      for (const url of [
        'http://127.0.0.1:9000/hook',
        'http://localhost:9000/hook',
        'http://10.1.2.3/hook',
        'http://192.168.0.10/hook',
        'http://100.64.1.1/hook',
        'http://[fd00::1]/hook',
        'http://[::ffff:10.0.0.1]/hook',
      ]) {
        expect(onPrem.forSave(url, null), url).to.equal(url);
      }
      for (const url of [
        'http://169.254.169.254/',
        'http://[fe80::1]/',
        'http://0.0.0.0/',
        'http://[::]/',
        'http://224.0.0.1/',
      ]) {
        expect(saveError(onPrem, url).message, url).to.match(/webhooks may only go to public addresses/);
      }
    });
  });

  describe('at delivery, after DNS', () => {
    it('refuses a name that resolves to loopback, asking DNS once', async () => {
      const dns = fakeDns({ 'hooks.invalid': ['127.0.0.1'] });
      const targets = new WebhookTargets({ allowPrivate: false, resolve: dns.resolve });
      const e = await targets.check('https://hooks.invalid/in').catch((x: unknown) => x);
      expect(e).to.be.instanceOf(TargetRefusedError);
      expect((e as Error).message).to.equal(
        'hooks.invalid resolves to 127.0.0.1, a loopback address (this host)',
      );
      expect(dns.asked).to.deep.equal(['hooks.invalid']);
    });

    it('refuses a name when any one of its addresses is forbidden', async () => {
      const dns = fakeDns({
        'mixed.invalid': ['93.184.215.14', '10.0.0.7'],
        'mapped.invalid': ['2606:4700::1', '::ffff:169.254.169.254'],
      });
      const targets = new WebhookTargets({ allowPrivate: false, resolve: dns.resolve });
      for (const url of ['http://mixed.invalid/', 'http://mapped.invalid/']) {
        expect(await targets.check(url).catch((x: unknown) => x), url).to.be.instanceOf(TargetRefusedError);
      }
    });

    it('refuses localhost names and forbidden literals without asking DNS (URLs saved before the rule existed)', async () => {
      const dns = fakeDns({});
      const targets = new WebhookTargets({ allowPrivate: false, resolve: dns.resolve });
      for (const url of [
        'http://localhost:1/',
        'http://x.localhost/',
        'http://[::ffff:7f00:1]/',
        'http://2130706433/',
      ]) {
        expect(await targets.check(url).catch((x: unknown) => x), url).to.be.instanceOf(TargetRefusedError);
      }
      expect(dns.asked).to.deep.equal([]);
    });

    it('passes on a DNS failure as a retryable error, not a refusal', async () => {
      const targets = new WebhookTargets({ allowPrivate: false, resolve: fakeDns({}).resolve });
      const e = await targets.check('https://gone.invalid/').catch((x: unknown) => x);
      expect(e).to.be.instanceOf(Error).and.not.be.instanceOf(TargetRefusedError);
      expect((e as Error).message).to.match(/ENOTFOUND/);
    });

    it('pins the connection to the checked address, however DNS answers afterwards (rebinding)', async () => {
      let calls = 0;
      const dns = fakeDns({ 'rebind.invalid': () => (++calls === 1 ? ['93.184.215.14'] : ['127.0.0.1']) });
      const targets = new WebhookTargets({ allowPrivate: false, resolve: dns.resolve });
      const target = await targets.check('https://rebind.invalid/in');
      expect(target.addresses).to.deep.equal([{ address: '93.184.215.14', family: 4 }]);
      // A second answer exists now, but the connection's lookup never asks for it.
      expect((await dns.resolve('rebind.invalid'))[0].address).to.equal('127.0.0.1');
      const lookup = pinnedLookup(target.addresses);
      const one = await new Promise<unknown[]>((res) =>
        lookup('rebind.invalid', { all: false }, (...args) => res(args)),
      );
      expect(one).to.deep.equal([null, '93.184.215.14', 4]);
      const all = await new Promise<unknown[]>((res) =>
        lookup('anything.else', { all: true }, (...args) => res(args)),
      );
      expect(all).to.deep.equal([null, [{ address: '93.184.215.14', family: 4 }]]);
    });
  });

  describe('posting', () => {
    const seen: { host?: string; auth?: string; body: string; path?: string }[] = [];
    let receiver: http.Server;
    let port: number;
    before(async () => {
      receiver = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c));
        req.on('end', () => {
          seen.push({ host: req.headers.host, auth: req.headers.authorization, body, path: req.url });
          if (req.url === '/moved')
            res.writeHead(307, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
          else res.writeHead(202).end('a body nobody reads');
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      port = (receiver.address() as AddressInfo).port;
    });
    after(() => receiver.close());
    beforeEach(() => (seen.length = 0));

    const onPrem = () =>
      new WebhookTargets({
        allowPrivate: true,
        resolve: fakeDns({ 'receiver.invalid': ['127.0.0.1'] }).resolve,
      });

    it('connects to the checked address under the name, with URL credentials as Basic authentication', async () => {
      const target = await onPrem().check(`http://hook%40user:p%3Ass@receiver.invalid:${port}/in?x=1`);
      const status = await postToTarget(
        target,
        { 'content-type': 'application/json' },
        '{"a":1}',
        AbortSignal.timeout(5000),
      );
      expect(status).to.equal(202);
      expect(seen).to.have.length(1);
      expect(seen[0]).to.deep.equal({
        host: `receiver.invalid:${port}`,
        auth: `Basic ${Buffer.from('hook@user:p:ss').toString('base64')}`,
        body: '{"a":1}',
        path: '/in?x=1',
      });
    });

    it('does not follow a redirect: the status is the answer', async () => {
      const target = await onPrem().check(`http://receiver.invalid:${port}/moved`);
      expect(await postToTarget(target, {}, '{}', AbortSignal.timeout(5000))).to.equal(307);
      expect(seen.map((s) => s.path)).to.deep.equal(['/moved']);
    });
  });

  it('redacts user name and password in URLs, also in ones the URL parser refuses', () => {
    expect(redactUrl('https://u:p@h.example/x?y=1')).to.equal('https://***:***@h.example/x?y=1');
    expect(redactUrl('https://token@h.example/')).to.equal('https://***@h.example/');
    expect(redactUrl('https://h.example/')).to.equal('https://h.example/');
    expect(redactUrl('http://u:p@[::1/x')).to.equal('http://***@[::1/x');
  });
});
